#include <xw/core/projection/monte_carlo.hpp>

#include <functional>

#include "detail/projection_engine.hpp"

#include <xw/core/detail/parallel.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <sstream>
#include <thread>

namespace xw::core {

std::string_view warningLevelCode(WarningLevel level) {
    switch (level) {
    case WarningLevel::Green:
        return "green";
    case WarningLevel::Yellow:
        return "yellow";
    case WarningLevel::Red:
        return "red";
    }
    return "green";
}

std::string_view warningLevelLabel(WarningLevel level) {
    switch (level) {
    case WarningLevel::Green:
        return "绿色 Green";
    case WarningLevel::Yellow:
        return "黄色 Yellow";
    case WarningLevel::Red:
        return "红色 Red";
    }
    return "绿色 Green";
}

std::optional<WarningLevel> parseWarningLevel(std::string_view code) {
    for (const WarningLevel l : {WarningLevel::Green, WarningLevel::Yellow, WarningLevel::Red})
        if (code == warningLevelCode(l))
            return l;
    return std::nullopt;
}

WarningLevel warningLevel(double probabilityOverSeats, double utilisation,
                          const WarningThresholds& th) {
    if (probabilityOverSeats >= th.redProbability || utilisation >= th.redUtilisation)
        return WarningLevel::Red;
    if (probabilityOverSeats >= th.yellowProbability || utilisation >= th.yellowUtilisation)
        return WarningLevel::Yellow;
    return WarningLevel::Green;
}

namespace {

std::string num(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

void validate(const MonteCarloConfig& c, const CityData& city, detail::ProblemLog& problems) {
    if (c.draws < 1 || c.draws > 10'000'000)
        problems.error("抽样次数超出范围 / draws " + std::to_string(c.draws) +
                       " is outside 1..10000000");
    if (c.threads < 1 || c.threads > 256)
        problems.error("线程数超出范围 / threads " + std::to_string(c.threads) +
                       " is outside 1..256");
    for (const CatchmentShare& cs : c.catchments)
        for (const auto& [t, share] : cs.townShares)
            if (t >= city.regions.towns.size() || !(share >= 0.0 && share <= 1.0))
                problems.error(
                    "学校服务范围份额无效 / catchment of school " + cs.schoolId + ": town index " +
                        std::to_string(t) + " share " + num(share) + " (town index below " +
                        std::to_string(city.regions.towns.size()) + ", share within 0..1 expected)",
                    cs.schoolId, std::string(stageCode(cs.stage)));
    const UncertaintyAssumptions& u = c.uncertainty;
    if (!(u.birthsLogSdPerYear >= 0.0) || !std::isfinite(u.birthsLogSdPerYear))
        problems.error("出生人口波动标准差无效 / births log sd per year is " +
                       num(u.birthsLogSdPerYear));
    if (!(u.migrationRateSd >= 0.0) || !std::isfinite(u.migrationRateSd))
        problems.error("迁移率标准差无效 / migration rate sd is " + num(u.migrationRateSd));
    double sum = 0.0;
    for (std::size_t k = 0; k < u.housingDelayProbabilities.size(); ++k) {
        const double p = u.housingDelayProbabilities[k];
        if (!(p >= 0.0 && p <= 1.0))
            problems.error("交付延迟概率超出 0..1 / housing delay probability of " +
                           std::to_string(k) + " years is " + num(p));
        sum += p;
    }
    if (u.housingDelayProbabilities.empty() || std::abs(sum - 1.0) > 1e-9)
        problems.error("交付延迟概率之和不为 1 / housing delay probabilities sum to " + num(sum));
    const WarningThresholds& t = c.thresholds;
    if (!(t.yellowProbability >= 0.0 && t.yellowProbability <= t.redProbability &&
          t.redProbability <= 1.0))
        problems.error("预警概率阈值无效 / warning probabilities yellow " +
                           num(t.yellowProbability) + ", red " + num(t.redProbability) +
                           " must satisfy 0 ≤ yellow ≤ red ≤ 1",
                       {}, "warning_thresholds");
    if (!(t.yellowUtilisation >= 0.0 && t.yellowUtilisation <= t.redUtilisation))
        problems.error("预警利用率阈值无效 / warning utilisations yellow " +
                           num(t.yellowUtilisation) + ", red " + num(t.redUtilisation) +
                           " must satisfy 0 ≤ yellow ≤ red",
                       {}, "warning_thresholds");
    for (const AddedSeats& a : c.addedSeats) {
        if (!city.regions.townIndex(a.townCode))
            problems.error("新增学位的镇街不存在 / added seats town " + a.townCode +
                               " is not in the regions",
                           a.townCode, std::string(stageCode(a.stage)), a.fromYear);
        // Negative changes are closures and shrinking schools of a plan; only NaN and ±inf
        // are meaningless.
        if (!std::isfinite(a.seats))
            problems.error("新增学位无效 / added seats in town " + a.townCode + " are " +
                               num(a.seats),
                           a.townCode, std::string(stageCode(a.stage)), a.fromYear);
    }
}

/// Quantile of type 7 (Hyndman & Fan 1996; R's default): linear interpolation between order
/// statistics at h = (n − 1)p. Reorders `x`.
double quantile(std::vector<float>& x, double p) {
    const std::size_t n = x.size();
    const double h = (static_cast<double>(n) - 1.0) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(lo), x.end());
    const double xLo = x[lo];
    if (lo + 1 >= n)
        return xLo;
    const double xHi = *std::min_element(x.begin() + static_cast<std::ptrdiff_t>(lo) + 1, x.end());
    return xLo + (h - static_cast<double>(lo)) * (xHi - xLo);
}

} // namespace

MonteCarloResult runMonteCarlo(const CityData& city, const MonteCarloConfig& config,
                               const Progress& progress) {
    MonteCarloResult out;
    out.draws = config.draws;
    out.seed = config.seed;
    detail::ProblemLog problems("monte_carlo", out.errors, out.warnings);
    validate(config, city, problems);
    detail::ProjectionEngine engine;
    if (!engine.prepare(city, config.projection, problems) || !out.errors.empty())
        return out;
    out.townCodes = engine.townCodes;

    const auto years = static_cast<std::size_t>(engine.years);
    const std::size_t towns = engine.towns;
    const std::size_t nSlots = engine.m_slots.size();
    const std::size_t cells = years * towns * kStageCount;
    const auto draws = static_cast<std::size_t>(config.draws);
    const bool calibrated = config.calibratedDemand;

    std::vector<std::vector<std::array<double, kStageCount>>> seats(years);
    for (std::size_t y = 0; y < years; ++y)
        seats[y] = townSeats(city, engine.firstYear + static_cast<int>(y), config.addedSeats);

    // Stage totals of one projection into `dst(cell)`.
    auto stageTotals = [&](const detail::Workspace& ws, auto&& dst) {
        for (std::size_t y = 0; y < years; ++y) {
            const Eigen::ArrayXXd& p = ws.persons[y];
            for (std::size_t t = 0; t < towns; ++t) {
                std::array<double, kStageCount> sum{};
                for (std::size_t s = 0; s < nSlots; ++s) {
                    const double raw = engine.rawDemand(p, t, s);
                    sum[stageIndex(engine.m_slots[s].stage)] +=
                        calibrated ? raw * engine.factor(t, s) : raw;
                }
                for (int st = 0; st < kStageCount; ++st)
                    dst((y * towns + t) * kStageCount + st, sum[st]);
            }
        }
    };

    std::vector<double> deterministic(cells, 0.0);
    {
        detail::Workspace ws;
        engine.allocate(ws, false);
        engine.run(detail::Perturbation{}, ws, false);
        stageTotals(ws, [&](std::size_t cell, double v) { deterministic[cell] = v; });
    }

    // Samples cell-major (cell × draws) so each cell's draws are contiguous for the quantiles.
    // Stored as float to halve the memory (10,000 draws × 4,608 cells = 184 MB); demand counts
    // children, so 24 bits of precision are ample.
    std::vector<float> samples(cells * draws);
    const UncertaintyAssumptions& u = config.uncertainty;
    std::vector<double> delayCdf;
    double acc = 0.0;
    for (double p : u.housingDelayProbabilities)
        delayCdf.push_back(acc += p);

    std::atomic<int> done{0};
    const int threads = std::min<int>(config.threads, config.draws);
    auto worker = [&](int w) {
        detail::Workspace ws;
        engine.allocate(ws, false);
        std::vector<double> births(years, 1.0);
        std::vector<double> shift(towns, 0.0);
        std::vector<int> delay(engine.housing.size(), 0);
        const detail::Perturbation pert{&births, &shift, &delay};
        const int reportEvery = std::max(1, config.draws / 100);
        for (auto d = static_cast<std::size_t>(w); d < draws;
             d += static_cast<std::size_t>(threads)) {
            // Fixed order of variates per draw: births steps, migration shifts, delays.
            DeterministicRng rng(DeterministicRng::streamSeed(config.seed, d));
            double walk = 0.0;
            for (std::size_t y = 1; y < years; ++y) {
                const double step = rng.normal() * u.birthsLogSdPerYear;
                if (!engine.birthsFromData[y])
                    walk += step;
                births[y] = std::exp(walk);
            }
            for (std::size_t t = 0; t < towns; ++t)
                shift[t] = rng.normal() * u.migrationRateSd;
            for (int& h : delay) {
                const double v = rng.uniform();
                std::size_t k = 0;
                while (k + 1 < delayCdf.size() && v >= delayCdf[k])
                    ++k;
                h = static_cast<int>(k);
            }
            engine.run(pert, ws, false);
            stageTotals(ws, [&](std::size_t cell, double v) {
                samples[cell * draws + d] = static_cast<float>(v);
            });
            const int n = ++done;
            if (w == 0 && (n % reportEvery == 0 || n == config.draws)) {
                progress.report("monte_carlo", n, config.draws);
                progress.throwIfCancelled();
            }
            if (progress.cancelled())
                return; // the calling worker throws Cancelled
        }
    };
    detail::runWorkers(threads, worker);
    progress.throwIfCancelled();
    progress.report("monte_carlo", config.draws, config.draws);

    // District totals per draw (sums of the district's towns), for stages recruited county-wide.
    const Regions& regions = city.regions;
    const RegionIndex index(regions);
    const std::size_t districts = regions.districts.size();
    std::vector<std::size_t> districtOfTown(towns, districts);
    for (std::size_t t = 0; t < towns; ++t)
        if (const auto ti = index.townIndex(engine.townCodes[t]))
            districtOfTown[t] = index.districtOfTown(*ti).value_or(districts);
    const std::size_t dCells = years * districts * kStageCount;
    std::vector<float> dSamples(dCells * draws, 0.0F);
    std::vector<double> dDeterministic(dCells, 0.0);
    std::vector<double> dSeats(dCells, 0.0);
    for (std::size_t y = 0; y < years; ++y)
        for (std::size_t t = 0; t < towns; ++t) {
            const std::size_t d = districtOfTown[t];
            if (d == districts)
                continue;
            for (std::size_t st = 0; st < kStageCount; ++st) {
                const std::size_t from = (y * towns + t) * kStageCount + st;
                const std::size_t to = (y * districts + d) * kStageCount + st;
                dDeterministic[to] += deterministic[from];
                dSeats[to] += seats[y][t][st];
                for (std::size_t k = 0; k < draws; ++k)
                    dSamples[to * draws + k] += samples[from * draws + k];
            }
        }
    // School catchments per draw: Σ share × town demand of the catchment's stage.
    const std::size_t nCatch = config.catchments.size();
    const std::size_t cCells = years * nCatch;
    std::vector<float> cSamples(cCells * draws, 0.0F);
    std::vector<double> cDeterministic(cCells, 0.0);
    for (std::size_t y = 0; y < years; ++y)
        for (std::size_t c = 0; c < nCatch; ++c) {
            const CatchmentShare& cs = config.catchments[c];
            const std::size_t to = y * nCatch + c;
            for (const auto& [t, share] : cs.townShares) {
                if (t >= towns)
                    continue;
                const std::size_t from = (y * towns + t) * kStageCount + stageIndex(cs.stage);
                cDeterministic[to] += share * deterministic[from];
                for (std::size_t k = 0; k < draws; ++k)
                    cSamples[to * draws + k] +=
                        static_cast<float>(share * samples[from * draws + k]);
            }
        }
    out.districtCodes.reserve(districts);
    for (const District& d : regions.districts)
        out.districtCodes.push_back(d.code);

    // Summaries per cell, in parallel over cells; each cell's figures come from its own draws in
    // draw order, so they do not depend on the thread count.
    out.cells.resize(cells);
    out.districtCells.resize(dCells);
    out.catchmentCells.resize(cCells);
    auto summarise = [&](int w, std::size_t areas, std::size_t stagesPerArea,
                         const std::vector<float>& samp,
                         const std::function<double(std::size_t)>& seatsOf,
                         const std::function<double(std::size_t)>& deterministicOf,
                         std::vector<WarningCell>& into) {
        std::vector<float> buf(draws);
        const std::size_t n = into.size();
        for (auto cell = static_cast<std::size_t>(w); cell < n;
             cell += static_cast<std::size_t>(threads)) {
            // Town and district cells hold every stage; catchment cells one stage each.
            const std::size_t perYear = stagesPerArea * areas;
            const std::size_t y = cell / perYear;
            const std::size_t t = (cell % perYear) / stagesPerArea;
            const int st = stagesPerArea == kStageCount ? static_cast<int>(cell % kStageCount)
                                                        : stageIndex(config.catchments[t].stage);
            WarningCell& c = into[cell];
            c.year = engine.firstYear + static_cast<int>(y);
            c.town = t;
            c.stage = static_cast<Stage>(st);
            c.seats = seatsOf(cell);
            c.deterministic = deterministicOf(cell);
            const float* x = &samp[cell * draws];
            double sum = 0.0;
            std::size_t over = 0;
            for (std::size_t d = 0; d < draws; ++d) {
                sum += x[d];
                // Demand is in persons but children come whole: a draw is over seats only
                // when it exceeds them by half a child or more. Without this margin a school
                // filled exactly to its seats (as an optimal allocation fills them) reads as
                // over seats in every draw through float rounding.
                if (static_cast<double>(x[d]) >= c.seats + 0.5)
                    ++over;
            }
            c.mean = sum / static_cast<double>(draws);
            c.probabilityOverSeats = static_cast<double>(over) / static_cast<double>(draws);
            buf.assign(x, x + draws);
            c.p10 = quantile(buf, 0.1);
            c.p50 = quantile(buf, 0.5);
            c.p90 = quantile(buf, 0.9);
            if (c.seats > 0.0)
                c.utilisation = c.p50 / c.seats;
            // Without seats utilisation is n/a; any demand is then over the seats, which the
            // probability already says.
            c.level = warningLevel(c.probabilityOverSeats, c.utilisation.value_or(0.0),
                                   config.thresholds);
        }
    };
    const std::function<double(std::size_t)> townSeatsOf = [&](std::size_t cell) {
        const std::size_t y = cell / (towns * kStageCount);
        const std::size_t t = (cell / kStageCount) % towns;
        return seats[y][t][cell % kStageCount];
    };
    const std::function<double(std::size_t)> townDetOf = [&](std::size_t cell) {
        return deterministic[cell];
    };
    const std::function<double(std::size_t)> districtSeatsOf = [&](std::size_t cell) {
        return dSeats[cell];
    };
    const std::function<double(std::size_t)> districtDetOf = [&](std::size_t cell) {
        return dDeterministic[cell];
    };
    const std::function<double(std::size_t)> catchmentSeatsOf = [&](std::size_t cell) {
        return config.catchments[cell % nCatch].seats;
    };
    const std::function<double(std::size_t)> catchmentDetOf = [&](std::size_t cell) {
        return cDeterministic[cell];
    };
    auto summariseAll = [&](int w) {
        summarise(w, towns, kStageCount, samples, townSeatsOf, townDetOf, out.cells);
        summarise(w, districts, kStageCount, dSamples, districtSeatsOf, districtDetOf,
                  out.districtCells);
        summarise(w, nCatch, 1, cSamples, catchmentSeatsOf, catchmentDetOf, out.catchmentCells);
    };
    detail::runWorkers(threads, summariseAll);
    return out;
}

} // namespace xw::core
