/// One parameter set to one value: a fixed parameter, or one key of an explicit run.
public struct SweepSetting: Equatable, Sendable {
    public var parameter: SweepParameter
    public var value: SweepValue

    public init(_ parameter: SweepParameter, _ value: SweepValue) {
        self.parameter = parameter
        self.value = value
    }
}
