extension String {
    /// The string with &, <, >, " and ' replaced by entities and the control characters XML 1.0
    /// forbids dropped, safe in XML/HTML text and attribute values.
    var xmlEscaped: String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            case "\t", "\n", "\r": out.append(scalar)
            default: if scalar.value >= 0x20 { out.append(scalar) }
            }
        }
        return String(out)
    }
}
