#pragma once
// Private to core: the pieces of the zone drawing (zones.hpp) — the problem as a unit graph with
// anchors and the contiguity repairs (Zoner, zoner.cpp), and the local search that moves
// boundary units between adjacent zones (improveZones, zone_search.cpp).
#include <xw/core/allocation/transport.hpp>
#include <xw/core/common/progress.hpp>
#include <xw/core/siting/zones.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace xw::core::detail::siting {

inline constexpr const char* kZoningStep = "学区划分 zones";
/// Schools a detached unit may move to: its nearest this many (all when there are fewer). Keeps a
/// pass at 16 evaluations per detached unit; one whose 16 nearest schools are all full stays
/// over its seats.
inline constexpr std::size_t kDetachedChoices = 16;

/// The zoning problem as the search sees it: the symmetric unit adjacency, each school's own unit
/// (its anchor), the units that no anchored piece of the graph reaches ("detached"), distances
/// with no route at the overflow penalty, and the contiguity repairs. Keeps references to the
/// problem and the config, which must outlive it.
class Zoner {
public:
    Zoner(const ZoningProblem& p, const ZoningConfig& c);

    [[nodiscard]] double distance(std::size_t u, std::size_t s) const {
        if (m_p.distance) {
            const double d = m_p.distance(u, s);
            return std::isfinite(d) ? d : m_c.overflowPenaltyMeters;
        }
        return straightLineMeters(m_p.units[u].location, m_p.schools[s].location);
    }
    [[nodiscard]] double weight(std::size_t u) const {
        return static_cast<double>(m_p.units[u].children) + m_c.compactnessWeight;
    }
    /// The school nearest to unit u by distance(), ties to the lower index.
    [[nodiscard]] std::uint32_t nearest(std::size_t u) const;
    [[nodiscard]] const std::vector<std::uint32_t>& adjacent(std::size_t u) const {
        return m_adj[u];
    }
    [[nodiscard]] std::uint32_t anchorOf(std::size_t u) const { return m_anchorOf[u]; }
    [[nodiscard]] bool detached(std::size_t u) const { return m_free[u] != 0; }
    /// Children whose school in `of` differs from the problem's current one (0 without current
    /// zones; units without a current school never count).
    [[nodiscard]] std::int64_t moved(const std::vector<std::uint32_t>& of) const;
    /// Penalised cost including the compactness term.
    [[nodiscard]] double cost(const std::vector<std::uint32_t>& of) const;

    /// Makes every zone one connected piece: pieces cut off from their zone's main piece join
    /// the adjacent zone (main piece) that costs least, until none is left.
    void repairContiguity(std::vector<std::uint32_t>& of, const Progress& progress) const;

    /// The units of u's zone that would be cut off from the zone's main piece if u left it
    /// (the main piece holds the school's unit, else the most children). Empty when u's zone
    /// stays connected without u.
    void cutOff(const std::vector<std::uint32_t>& of, std::uint32_t u,
                std::vector<std::uint32_t>& out) const;

private:
    /// The connected pieces of every zone over the adjacency; detached units belong to none.
    struct Pieces {
        std::vector<std::uint32_t> of;                   ///< piece of each unit, or kNoZoneSchool
        std::vector<std::vector<std::uint32_t>> members; ///< units of each piece, first unit first
    };
    /// A cut-off piece and the zone it joins at least cost; piece is kNoZoneSchool when no
    /// cut-off piece touches the main piece of another zone.
    struct Join {
        bool anyCutOff = false; ///< some zone has a piece besides its main one
        std::uint32_t piece = kNoZoneSchool;
        std::uint32_t zone = kNoZoneSchool;
    };

    // The steps of repairContiguity.
    [[nodiscard]] Pieces zonePieces(const std::vector<std::uint32_t>& of) const;
    /// How strongly a piece of school s's zone claims to be its main piece: the most when it
    /// holds s's unit, else its children.
    [[nodiscard]] std::int64_t mainClaim(const std::vector<std::uint32_t>& piece,
                                         std::uint32_t s) const;
    /// The main piece of each school's zone (kNoZoneSchool when the zone has no piece).
    [[nodiscard]] std::vector<std::uint32_t> mainPieces(const std::vector<std::uint32_t>& of,
                                                        const Pieces& pieces) const;
    /// The change of the penalised cost when `piece` (`kids` children) moves from zone s to
    /// zone t, the zones' children being `load` before the move.
    [[nodiscard]] double joinDelta(const std::vector<std::uint32_t>& piece, std::int64_t kids,
                                   std::uint32_t s, std::uint32_t t,
                                   const std::vector<std::int64_t>& load) const;
    /// Of the cut-off pieces, the one whose join to an adjacent zone's main piece costs least
    /// (the first on a tie).
    [[nodiscard]] Join cheapestJoin(const std::vector<std::uint32_t>& of, const Pieces& pieces,
                                    const std::vector<std::uint32_t>& mainPiece) const;
    /// Gives the first cut-off piece that touches another zone to the zone of its first such
    /// neighbour; false when no cut-off piece touches one.
    bool joinEnclosedPiece(std::vector<std::uint32_t>& of, const Pieces& pieces,
                           const std::vector<std::uint32_t>& mainPiece) const;

    const ZoningProblem& m_p;
    const ZoningConfig& m_c;
    std::vector<std::vector<std::uint32_t>> m_adj;
    std::vector<std::uint32_t> m_anchorOf;
    std::vector<std::uint8_t> m_free;
    mutable std::vector<std::uint32_t> m_seen;
    mutable std::uint32_t m_stamp = 0;
};

/// Moves boundary units between adjacent zones while it lowers the penalised cost, both zones
/// stay contiguous and the stability limit holds. A unit whose leaving would cut its zone in two
/// takes the cut-off part along (it then reaches the new zone through the unit). A detached unit
/// (in no contiguous zone) may move to any of its kDetachedChoices nearest schools. Returns the
/// moves made.
[[nodiscard]] std::int64_t improveZones(const ZoningProblem& p, const ZoningConfig& c,
                                        const Zoner& z, std::vector<std::uint32_t>& of,
                                        const Progress& progress);

} // namespace xw::core::detail::siting
