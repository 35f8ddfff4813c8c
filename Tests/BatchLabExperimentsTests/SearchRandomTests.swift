import Testing
@testable import BatchLabExperiments

struct SearchRandomTests {
    /// The first outputs for seed 0 of Vigna's reference `splitmix64.c`, reproduced with Python
    /// integers masked to 64 bits.
    @Test func matchesTheReferenceSplitMix64() {
        var generator = SearchRandom(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    /// FNV-1a 64 test vectors (Fowler–Noll–Vo reference): "" is the offset basis.
    @Test func hashesNamesWithFNV1a() {
        #expect(SearchRandom.fnv1a("") == 0xCBF2_9CE4_8422_2325)
        #expect(SearchRandom.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
    }

    @Test func cellsGetDistinctStreams() {
        let cells = [SearchRandom(seed: 1, name: "lr", trial: 0), SearchRandom(seed: 1, name: "lr", trial: 1),
                     SearchRandom(seed: 1, name: "momentum", trial: 0), SearchRandom(seed: 2, name: "lr", trial: 0)]
        #expect(Set(cells.map(\.state)).count == 4)
        #expect(SearchRandom(seed: 1, name: "lr", trial: 1) == cells[1])
    }
}
