/// A failure while a command runs (bad data, a missing run, an unwritable file): printed as one
/// `Error: …` line with exit status 1, without the usage text ArgumentParser adds to the
/// `ValidationError`s that `validate()` throws for malformed flags.
struct CommandError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
