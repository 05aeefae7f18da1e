import Foundation

/// A JUnit XML report, as CI systems read it: one test suite, one test case per fixture, a `failure` element
/// carrying the diff or the errors of a failed one.
struct JUnitReport {
    struct TestCase {
        var name: String
        var seconds: Double
        /// The failure's message and details; nil when the case passed.
        var failure: (message: String, details: String)?
    }

    var suite: String
    var cases: [TestCase]

    var xml: String {
        let failures = cases.filter { $0.failure != nil }.count
        let total = cases.reduce(0) { $0 + $1.seconds }
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<testsuites tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
        text += "  <testsuite name=\"\(Self.escape(suite))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(Self.seconds(total))\">\n"
        for testCase in cases {
            text += "    <testcase classname=\"\(Self.escape(suite))\" name=\"\(Self.escape(testCase.name))\" time=\"\(Self.seconds(testCase.seconds))\""
            if let failure = testCase.failure {
                text += ">\n      <failure message=\"\(Self.escape(failure.message))\">\(Self.escape(failure.details))</failure>\n    </testcase>\n"
            } else {
                text += "/>\n"
            }
        }
        return text + "  </testsuite>\n</testsuites>\n"
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    private static func escape(_ text: String) -> String {
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\n", "\t": result.unicodeScalars.append(character)
            case _ where character.value < 0x20: continue
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
