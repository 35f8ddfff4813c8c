import Foundation
import HTTPTypes
import Hummingbird

/// Runs around every route and the not-found responder: refuses a request with no Host or more
/// than one (400, as HTTP/1.1 requires: a second Host could name another site than the one
/// checked), and requests for another Host (421: DNS rebinding), turns every refusal into `{"error": "…"}` (Hummingbird's own 404 has no
/// body), and adds `X-Content-Type-Options: nosniff` and a Content-Security-Policy that allows only
/// the dashboard's own script and style sheet.
struct DashboardMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedHosts: Set<String>?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            try checkHost(request)
            response = try await next(request, context)
        } catch let error as APIError {
            response = try error.response(from: request, context: context)
        } catch let error as HTTPError {
            response = try APIError(status: error.status, message: error.body ?? error.status.reasonPhrase)
                .response(from: request, context: context)
        }
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        if response.headers[.init("Content-Security-Policy")!] == nil {
            response.headers[.init("Content-Security-Policy")!] = "default-src 'self'; frame-ancestors 'none'"
        }
        return response
    }

    private func checkHost(_ request: Request) throws {
        // HTTP/1.1's first Host header arrives as the request's authority; any other stays a header.
        let moreHosts = request.headers[values: HTTPField.Name("Host")!].count
        guard moreHosts == 0 else { throw APIError.badRequest("a request must have one Host header (got \(moreHosts + 1))") }
        guard let allowedHosts else { return }
        guard let authority = request.head.authority else { throw APIError.badRequest("a request must have a Host header") }
        let host = authority.lowercased()
        guard allowedHosts.contains(host) else {
            throw APIError(status: .misdirectedRequest, message: "this dashboard answers only \(allowedHosts.sorted().joined(separator: ", ")) (got Host '\(host)')")
        }
    }
}
