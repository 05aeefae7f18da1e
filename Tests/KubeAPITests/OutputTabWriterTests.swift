import Testing

@testable import KubeAPI

@Suite struct OutputTabWriterTests {
    @Test(arguments: [
        ("a\tb\n", "a     b\n"),
        ("abcdef\tb\nc\td\n", "abcdef   b\nc        d\n"),
        ("a\tb\n\nlonger-cell\tc\n", "a     b\n\nlonger-cell   c\n"),
        ("no tabs\nat all\n", "no tabs\nat all\n"),
        ("x\ty\tz", "x     y     z"),
        ("日本\tx\n", "日本    x\n"),
        ("a\t\n", "a     \n"),
    ])
    func alignsCellsWithMinimumWidthSixAndPaddingThree(input: String, expected: String) {
        #expect(TabWriter.align(input) == expected)
    }

    @Test func remembersWidthsAcrossCalls() {
        var writer = TabWriter()
        #expect(writer.format("long-name\t1\n") == "long-name   1\n")
        #expect(writer.format("a\t2\n") == "a           2\n")
    }
}
