import Testing
@testable import BatchLabReport

@Suite struct XMLEscapedTests {
    @Test func replacesTheFiveSpecialCharactersAndDropsForbiddenControls() {
        #expect(#"a<b & "c" 'd' > e"#.xmlEscaped == "a&lt;b &amp; &quot;c&quot; &#39;d&#39; &gt; e")
        #expect("tab\there\u{1}\u{7}.".xmlEscaped == "tab\there.")
        #expect("lr η = 0.1 — ok".xmlEscaped == "lr η = 0.1 — ok")
    }
}
