/// etcdctl's exit codes (`ctlv3/command/error.go`).
public enum EtcdctlExitCode: Int32, Sendable {
    case error = 1
    case badConnection = 2
    /// Malformed `txn` or `watch` input.
    case invalidInput = 3
    /// A valid flag with an unsupported value, such as an output format a command cannot print.
    case badFeature = 4
    case interrupted = 5
    case badArguments = 128
}

/// A command failure reported as etcdctl reports it: `Error: <message>` on standard error and an exit code.
public struct EtcdctlFailure: Error, Equatable, CustomStringConvertible {
    public var code: EtcdctlExitCode
    public var message: String

    public init(_ code: EtcdctlExitCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The output format cannot print this command's response.
    static func unsupported(_ format: OutputFormat) -> EtcdctlFailure {
        EtcdctlFailure(.badFeature, "\(format.rawValue) not supported as output format")
    }
}

extension EtcdctlFailure {
    /// Runs a store call, turning its errors into a failure with `code` and the message `describe` makes of
    /// the error's text (etcdctl's `ExitWithError(code, err)`).
    static func reporting<T>(
        _ code: EtcdctlExitCode = .error, _ describe: (String) -> String = { $0 },
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let failure as EtcdctlFailure {
            throw failure
        } catch {
            throw EtcdctlFailure(code, describe(String(describing: error)))
        }
    }
}
