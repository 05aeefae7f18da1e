import Foundation

/// Executables built beside the test bundle (in the same build directory).
enum BuiltProduct {
    static func url(_ name: String) -> URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent(name)
    }
}
