/// The pages, script and style sheet, compiled into the binary (SwiftPM `embedInCode`): the
/// dashboard needs no file and no network at view time. Only these names are served; any other
/// path under `/assets/` is 404, so nothing else on disk can be read through the server.
enum Assets {
    struct Asset {
        var bytes: [UInt8]
        var contentType: String
    }

    static let files: [String: Asset] = [
        "app.js": Asset(bytes: PackageResources.app_js, contentType: "text/javascript; charset=utf-8"),
        "hover.js": Asset(bytes: PackageResources.hover_js, contentType: "text/javascript; charset=utf-8"),
        "study.js": Asset(bytes: PackageResources.study_js, contentType: "text/javascript; charset=utf-8"),
        "style.css": Asset(bytes: PackageResources.style_css, contentType: "text/css; charset=utf-8"),
    ]

    static let runListPage = Asset(bytes: PackageResources.index_html, contentType: "text/html; charset=utf-8")
    static let runPage = Asset(bytes: PackageResources.run_html, contentType: "text/html; charset=utf-8")
    static let comparePage = Asset(bytes: PackageResources.compare_html, contentType: "text/html; charset=utf-8")
    static let studyPage = Asset(bytes: PackageResources.study_html, contentType: "text/html; charset=utf-8")
}
