/// Why a patch could not be decoded, applied or computed: the patch library's own explanation, and the Status
/// kube-apiserver answers the PATCH request with.
///
/// The two differ on purpose: kube-apiserver answers a JSON patch that fails to apply with a generic 422 and
/// drops the library's message (`pkg/endpoints/handlers/patch.go`), and answers errors it does not classify with a
/// 500 carrying the message as is.
public struct PatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The explanation in the words of evanphx/json-patch or apimachinery's `strategicpatch` and `mergepatch`.
    public var message: String
    /// What kube-apiserver answers.
    public var status: StatusError

    public var description: String { message }

    /// A malformed patch document: 400 BadRequest with the message.
    static func badRequest(_ message: String) -> PatchError {
        PatchError(message: message, status: .badRequest(message))
    }

    /// A patch that cannot be applied to this object: 422 Invalid with apimachinery's generic message
    /// (`NewGenericServerResponse(422, …)`), which is all kubectl shows:
    /// `The request is invalid: the server rejected our request due to an error in our request`.
    static func unprocessable(_ message: String) -> PatchError {
        PatchError(
            message: message,
            status: StatusError(
                code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request"))
    }

    /// An error kube-apiserver does not classify: 500 with an empty (unknown) reason and the message as is.
    static func unclassified(_ message: String) -> PatchError {
        PatchError(message: message, status: StatusError(code: 500, reason: "", message: message))
    }

    // MARK: - apimachinery `mergepatch` errors

    static let badJSONDocument = badRequest("invalid JSON document")
    static let badPrimitiveListFormat = badRequest("invalid patch format of primitive list")
    static let badRetainKeysFormat = badRequest("invalid patch format of retainKeys")
    static let badSetElementOrderFormat = badRequest("invalid patch format of setElementOrder list")
    static let listOfLists = unprocessable("lists of lists are not supported")

    static func noMergeKey(_ item: JSONValue, _ key: String) -> PatchError {
        unclassified("map: \(item.goFormatted) does not contain declared merge key: \(key)")
    }

    static func unknownDirective(_ directive: JSONValue, in item: JSONValue) -> PatchError {
        unclassified("unknown patch type: \(directive.goFormatted) in map: \(item.goFormatted)")
    }

    static func expected(_ expected: String, found value: JSONValue?) -> PatchError {
        unclassified("expected a \(expected), but received a \(value.map(\.goTypeName) ?? "<nil>")")
    }
}
