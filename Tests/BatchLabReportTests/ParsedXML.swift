import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A document parsed by Foundation's XMLParser, flattened to its elements in document order.
struct ParsedXML {
    struct Element {
        var name: String
        var attributes: [String: String]
        /// Nesting depth: 0 for the root.
        var depth: Int
        /// The text directly and indirectly inside the element.
        var text: String

        func has(class name: String) -> Bool {
            (attributes["class"] ?? "").split(separator: " ").contains { $0 == name }
        }

        func number(_ attribute: String) -> Double? { attributes[attribute].flatMap(Double.init) }
    }

    var elements: [Element]

    /// Parses `xml`; nil when it is not well-formed.
    init?(_ xml: String) {
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else { return nil }
        elements = collector.elements
    }

    func all(_ name: String, class className: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (className.map($0.has(class:)) ?? true) }
    }

    /// The elements inside the first `name` element whose `id` attribute is `id`.
    func inside(_ name: String, id: String) -> ParsedXML? {
        guard let start = elements.firstIndex(where: { $0.name == name && $0.attributes["id"] == id }) else { return nil }
        let depth = elements[start].depth
        var copy = self
        copy.elements = Array(elements[(start + 1)...].prefix { $0.depth > depth })
        return copy
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var open: [Int] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            open.append(elements.count)
            elements.append(Element(name: elementName, attributes: attributes, depth: open.count - 1, text: ""))
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            for index in open { elements[index].text += string }
        }
    }
}

/// The points of an SVG path made of "M x y" and "L x y" commands.
func pathPoints(_ d: String?) -> [(x: Double, y: Double)] {
    let numbers = (d ?? "").split(whereSeparator: { " ML".contains($0) }).compactMap { Double($0) }
    return stride(from: 0, to: numbers.count - 1, by: 2).map { (numbers[$0], numbers[$0 + 1]) }
}
