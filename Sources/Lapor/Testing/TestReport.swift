/// The results of `lapor test`, rendered for people (text) and for CI systems (JUnit XML).
public struct TestReport: Sendable {
    /// One suite and its results.
    public struct SuiteRun: Sendable {
        /// The suite.
        public var suite: TestSuite
        /// Its cases' results, in order.
        public var results: [TestCaseResult]

        /// Creates a suite run.
        public init(suite: TestSuite, results: [TestCaseResult]) {
            self.suite = suite
            self.results = results
        }
    }

    /// The suites run, in order.
    public var runs: [SuiteRun]

    /// Creates a report.
    public init(runs: [SuiteRun]) { self.runs = runs }

    /// Runs every suite of `workspace` (or those named in `names`), in file order.
    public static func run(_ workspace: Workspace, suites names: Set<String>? = nil) -> TestReport {
        TestReport(
            runs: workspace.testSuites.filter { names?.contains($0.metadata.name.value) ?? true }.map {
                SuiteRun(suite: $0, results: TestSuiteRunner.run($0, in: workspace))
            })
    }

    private var results: [TestCaseResult] { runs.flatMap(\.results) }
    /// Number of cases.
    public var total: Int { results.count }
    /// Number of failed cases.
    public var failures: Int { results.filter { if case .failed = $0.outcome { true } else { false } }.count }
    /// Number of cases that could not run to their end.
    public var errors: Int { results.filter { if case .error = $0.outcome { true } else { false } }.count }
    /// Number of passed cases.
    public var passed: Int { total - failures - errors }
    /// Whether every case passed.
    public var allPassed: Bool { failures == 0 && errors == 0 }

    /// One line per case, the failed expectations with their locations under it, and a summary.
    public func text() -> String {
        var out = ""
        for run in runs {
            out += "\(run.suite.location.file): suite \(run.suite.metadata.name.value) "
            out += "(workflow \(run.suite.workflow.value))\n"
            for result in run.results {
                switch result.outcome {
                case .passed:
                    out += "  ok     \(result.name)\n"
                case .failed(let failures):
                    out += "  FAIL   \(result.name)\n"
                    for failure in failures { out += "         \(failure.location): \(failure.message)\n" }
                case .error(let diagnostic):
                    out += "  ERROR  \(result.name)\n"
                    out += "         \(result.location): \(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]: "
                    out += "\(diagnostic.message)\n"
                }
            }
        }
        let suites = runs.count == 1 ? "1 suite" : "\(runs.count) suites"
        let cases = total == 1 ? "1 case" : "\(total) cases"
        var summary = "\(cases) in \(suites): \(passed) passed, \(failures) failed"
        if errors > 0 { summary += ", \(errors) could not run" }
        return out + summary + "\n"
    }

    /// JUnit XML (the Ant/Surefire dialect CI systems read): one `testsuite` per suite, a `failure`
    /// per failed case and an `error` per case that could not run. No timings, so the output is stable.
    public func junit() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"lapor test\" tests=\"\(total)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for run in runs {
            let report = TestReport(runs: [run])
            let name = Self.escape(run.suite.metadata.name.value)
            let file = Self.escape(run.suite.location.file)
            out += "  <testsuite name=\"\(name)\" file=\"\(file)\" tests=\"\(report.total)\" "
            out += "failures=\"\(report.failures)\" errors=\"\(report.errors)\" skipped=\"0\">\n"
            for result in run.results {
                out += "    <testcase classname=\"\(name)\" name=\"\(Self.escape(result.name))\" file=\"\(file)\" "
                out += "line=\"\(result.location.line)\""
                switch result.outcome {
                case .passed:
                    out += "/>\n"
                case .failed(let failures):
                    out += ">\n"
                    let message = failures.map(\.message).joined(separator: "; ")
                    let body = failures.map { "\($0.location): \($0.message)" }.joined(separator: "\n")
                    out += "      <failure type=\"expectation\" message=\"\(Self.escape(message))\">"
                    out += "\(Self.escape(body, attribute: false))</failure>\n"
                    out += "    </testcase>\n"
                case .error(let diagnostic):
                    out += ">\n"
                    out +=
                        "      <error type=\"\(diagnostic.code.rawValue)\" message=\"\(Self.escape(diagnostic.message))\">"
                    out += "\(Self.escape(diagnostic.description, attribute: false))</error>\n"
                    out += "    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// Text escaped for XML attributes (`attribute`) or content; characters XML 1.0 cannot hold
    /// become U+FFFD.
    static func escape(_ text: String, attribute: Bool = true) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case "\r": out += "&#13;"
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
