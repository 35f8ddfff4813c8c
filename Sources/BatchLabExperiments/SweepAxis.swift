/// One swept parameter of a grid: every value it takes, in file order, without repeats.
public struct SweepAxis: Equatable, Sendable {
    public var parameter: SweepParameter
    public var values: [SweepValue]

    public init(_ parameter: SweepParameter, _ values: [SweepValue]) {
        self.parameter = parameter
        self.values = values
    }
}
