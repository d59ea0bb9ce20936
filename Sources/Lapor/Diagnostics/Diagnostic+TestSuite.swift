// Diagnostics of test suites (`kind: TestSuite`, `lapor test`).

extension Diagnostic {
    /// A test case names something its workflow or routing table does not declare.
    public static func unknownTestReference(
        _ what: String, _ id: String, in owner: String, known: [String], at location: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .unknownTestReference, "unknown \(what) '\(id)' in \(owner)", at: location,
            notes: suggestion(id, in: known))
    }

    /// A test case whose keys do not fit together.
    public static func malformedTestCase(_ problem: String, at location: SourceLocation, notes: [Note] = [])
        -> Diagnostic
    {
        Diagnostic(.error, .malformedTestCase, problem, at: location, notes: notes)
    }

    /// Two cases of one suite with the same name.
    public static func duplicateTestCase(_ name: String, at location: SourceLocation, first: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .duplicateTestCase, "test case '\(name)' is declared twice", at: location,
            notes: [.init("first declared here", at: first)])
    }
}
