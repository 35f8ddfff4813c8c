import Foundation
import Hummingbird

/// A refused request: status 400 (malformed id or query) or 404 (no such run or path), with a
/// JSON body `{"error": "message"}` the pages show.
struct APIError: HTTPResponseError, Equatable {
    let status: HTTPResponse.Status
    let message: String

    /// Messages are one line: a query value quoted in one may hold a line break.
    static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, message: oneLine(message)) }
    static func notFound(_ message: String) -> APIError { APIError(status: .notFound, message: oneLine(message)) }

    private static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONEncoder().encode(["error": message])
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
