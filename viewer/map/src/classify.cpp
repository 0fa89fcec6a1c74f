#include <xw/viewer/map/classify.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace xw::viewer {

namespace {

// ColorBrewer 2.0, per-class-count variants for 3–7 classes (colorbrewer2.org).
using Row = std::vector<std::uint32_t>;
const std::vector<Row> kYlOrRd = {
    {0xffeda0, 0xfeb24c, 0xf03b20},
    {0xffffb2, 0xfecc5c, 0xfd8d3c, 0xe31a1c},
    {0xffffb2, 0xfecc5c, 0xfd8d3c, 0xf03b20, 0xbd0026},
    {0xffffb2, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xf03b20, 0xbd0026},
    {0xffffb2, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xb10026},
};
const std::vector<Row> kBlues = {
    {0xdeebf7, 0x9ecae1, 0x3182bd},
    {0xeff3ff, 0xbdd7e7, 0x6baed6, 0x2171b5},
    {0xeff3ff, 0xbdd7e7, 0x6baed6, 0x3182bd, 0x08519c},
    {0xeff3ff, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x3182bd, 0x08519c},
    {0xeff3ff, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x084594},
};
const std::vector<Row> kYlGnBu = {
    {0xedf8b1, 0x7fcdbb, 0x2c7fb8},
    {0xffffcc, 0xa1dab4, 0x41b6c4, 0x225ea8},
    {0xffffcc, 0xa1dab4, 0x41b6c4, 0x2c7fb8, 0x253494},
    {0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x2c7fb8, 0x253494},
    {0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x0c2c84},
};
// RdBu as published runs red → blue; reversed below so that higher values are redder.
const std::vector<Row> kRdBu = {
    {0xef8a62, 0xf7f7f7, 0x67a9cf},
    {0xca0020, 0xf4a582, 0x92c5de, 0x0571b0},
    {0xca0020, 0xf4a582, 0xf7f7f7, 0x92c5de, 0x0571b0},
    {0xb2182b, 0xef8a62, 0xfddbc7, 0xd1e5f0, 0x67a9cf, 0x2166ac},
    {0xb2182b, 0xef8a62, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x67a9cf, 0x2166ac},
};
const std::vector<Row> kPuOr = {
    {0xf1a340, 0xf7f7f7, 0x998ec3},
    {0xe66101, 0xfdb863, 0xb2abd2, 0x5e3c99},
    {0xe66101, 0xfdb863, 0xf7f7f7, 0xb2abd2, 0x5e3c99},
    {0xb35806, 0xf1a340, 0xfee0b6, 0xd8daeb, 0x998ec3, 0x542788},
    {0xb35806, 0xf1a340, 0xfee0b6, 0xf7f7f7, 0xd8daeb, 0x998ec3, 0x542788},
};

std::vector<double> finiteSorted(std::vector<double> values) {
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
        values.end());
    std::sort(values.begin(), values.end());
    return values;
}

std::size_t distinctCount(const std::vector<double>& sorted) {
    if (sorted.empty())
        return 0;
    std::size_t n = 1;
    for (std::size_t i = 1; i < sorted.size(); ++i)
        n += sorted[i] != sorted[i - 1] ? 1 : 0;
    return n;
}

/// Rounds |v| to two significant digits away from zero in the direction `up`.
double roundOutward(double v, bool up) {
    if (v == 0.0 || !std::isfinite(v))
        return v;
    const double mag = std::pow(10.0, std::floor(std::log10(std::abs(v))) - 1.0);
    const double q = v / mag;
    // Guard against q being a hair off an integer through floating error.
    const double r = up ? std::ceil(q - 1e-9) : std::floor(q + 1e-9);
    return r * mag;
}

} // namespace

std::vector<Rgba> brewerColours(Palette palette, int n) {
    if (n < 3 || n > 7)
        throw std::invalid_argument("ColorBrewer schemes here have 3–7 classes");
    const std::vector<Row>* table = nullptr;
    switch (palette) {
    case Palette::YlOrRd:
        table = &kYlOrRd;
        break;
    case Palette::Blues:
        table = &kBlues;
        break;
    case Palette::YlGnBu:
        table = &kYlGnBu;
        break;
    case Palette::RdBu:
        table = &kRdBu;
        break;
    case Palette::PuOr:
        table = &kPuOr;
        break;
    }
    std::vector<Rgba> out;
    for (std::uint32_t hex : (*table)[static_cast<std::size_t>(n - 3)])
        out.push_back(rgbHex(hex));
    if (palette == Palette::RdBu)
        std::reverse(out.begin(), out.end());
    return out;
}

std::vector<double> jenksBounds(std::vector<double> values, int k) {
    std::vector<double> v = finiteSorted(std::move(values));
    if (v.empty() || k < 1)
        return {};
    const std::size_t distinct = distinctCount(v);
    if (distinct == 1)
        return {v.front(), v.front()};
    k = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(k), distinct));
    // Above 4,000 values work on evenly spaced order statistics (keeps O(k·n²) small).
    constexpr std::size_t kMaxN = 4000;
    if (v.size() > kMaxN) {
        std::vector<double> sample(kMaxN);
        for (std::size_t i = 0; i < kMaxN; ++i)
            sample[i] = v[i * (v.size() - 1) / (kMaxN - 1)];
        v = std::move(sample);
    }
    const std::size_t n = v.size();
    // Prefix sums of x and x² (shifted by the median to limit cancellation).
    const double shift = v[n / 2];
    std::vector<double> s1(n + 1, 0.0), s2(n + 1, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const double x = v[i] - shift;
        s1[i + 1] = s1[i] + x;
        s2[i + 1] = s2[i] + x * x;
    }
    // Squared deviation of v[i..j] (inclusive).
    auto ssd = [&](std::size_t i, std::size_t j) {
        const auto cnt = static_cast<double>(j - i + 1);
        const double a = s1[j + 1] - s1[i];
        return std::max(0.0, (s2[j + 1] - s2[i]) - a * a / cnt);
    };
    const auto kk = static_cast<std::size_t>(k);
    const double inf = std::numeric_limits<double>::max();
    // cost[c][j]: best cost of the first j+1 values in c+1 classes; from[c][j]: first index of
    // the last class in that optimum (smallest such index on ties: deterministic).
    std::vector<std::vector<double>> cost(kk, std::vector<double>(n, inf));
    std::vector<std::vector<std::size_t>> from(kk, std::vector<std::size_t>(n, 0));
    for (std::size_t j = 0; j < n; ++j)
        cost[0][j] = ssd(0, j);
    for (std::size_t c = 1; c < kk; ++c) {
        for (std::size_t j = c; j < n; ++j) {
            for (std::size_t i = c; i <= j; ++i) {
                // A class may not start inside a run of equal values.
                if (v[i] == v[i - 1])
                    continue;
                if (cost[c - 1][i - 1] == inf)
                    continue;
                const double total = cost[c - 1][i - 1] + ssd(i, j);
                if (total < cost[c][j]) {
                    cost[c][j] = total;
                    from[c][j] = i;
                }
            }
        }
    }
    std::vector<double> bounds(kk + 1);
    bounds[0] = v.front();
    bounds[kk] = v.back();
    std::size_t j = n - 1;
    for (std::size_t c = kk - 1; c >= 1; --c) {
        const std::size_t i = from[c][j];
        bounds[c] = v[i];
        j = i - 1;
    }
    return bounds;
}

std::vector<double> quantileBounds(std::vector<double> values, int k) {
    const std::vector<double> v = finiteSorted(std::move(values));
    if (v.empty() || k < 1)
        return {};
    std::vector<double> bounds{v.front()};
    for (int q = 1; q < k; ++q) {
        const auto idx = static_cast<std::size_t>(
            std::ceil(static_cast<double>(q) * static_cast<double>(v.size()) / k));
        const double b = v[std::min(idx, v.size() - 1)];
        if (b > bounds.back())
            bounds.push_back(b);
    }
    if (v.back() > bounds.back() || bounds.size() == 1)
        bounds.push_back(v.back());
    return bounds;
}

double roundestBetween(double low, double high) {
    if (!(high > low))
        return high;
    const double span = std::max(std::abs(low), std::abs(high));
    int top = span > 0.0 ? static_cast<int>(std::floor(std::log10(span))) + 1 : 0;
    for (int p = top; p >= -9; --p) {
        for (double step : {1.0, 0.5, 0.2}) {
            const double s = step * std::pow(10.0, p);
            // Smallest multiple of s above low.
            double x = std::floor(low / s) * s;
            while (x <= low)
                x += s;
            if (x <= high) {
                // Clean the floating noise of the multiplication (e.g. 0.30000000000000004).
                const double clean = std::round(x / s) * s;
                return clean > low && clean <= high ? clean : x;
            }
        }
    }
    return high;
}

std::vector<double> niceBounds(const std::vector<double>& bounds, std::vector<double> values) {
    if (bounds.size() < 2)
        return bounds;
    const std::vector<double> v = finiteSorted(std::move(values));
    std::vector<double> out = bounds;
    for (std::size_t c = 1; c + 1 < bounds.size(); ++c) {
        // Largest value below this break (the class beneath) and the break itself (the smallest
        // value of the class above, or any value up to it).
        const auto it = std::lower_bound(v.begin(), v.end(), bounds[c]);
        const double below = it == v.begin() ? out[c - 1] : *std::prev(it);
        const double low = std::max(below, out[c - 1]);
        out[c] = roundestBetween(low, bounds[c]);
    }
    out.front() = roundOutward(bounds.front(), bounds.front() < 0.0);
    if (out.front() > bounds.front())
        out.front() = bounds.front();
    out.back() = roundOutward(bounds.back(), bounds.back() > 0.0);
    if (out.back() < bounds.back())
        out.back() = bounds.back();
    // Keep strictly increasing (degenerate inputs such as {v, v}).
    for (std::size_t c = 1; c < out.size(); ++c)
        if (out[c] < out[c - 1])
            out[c] = out[c - 1];
    return out;
}

std::vector<MapClass> graduatedClasses(const std::vector<double>& bounds,
                                       const std::vector<Rgba>& colours,
                                       const std::function<std::string(double)>& format,
                                       const std::string& unit) {
    if (bounds.size() < 2 || colours.size() != bounds.size() - 1)
        throw std::invalid_argument("graduatedClasses: need k + 1 bounds and k colours");
    std::vector<MapClass> out;
    for (std::size_t c = 0; c + 1 < bounds.size(); ++c) {
        MapClass m;
        m.lower = bounds[c];
        m.upper = bounds[c + 1];
        m.colour = colours[c];
        m.label = format(m.lower) + "–" + format(m.upper);
        if (!unit.empty())
            m.label += " " + unit;
        out.push_back(std::move(m));
    }
    return out;
}

std::optional<std::size_t> classOf(const Classification& classification, double value) {
    if (!std::isfinite(value))
        return std::nullopt;
    const auto& cs = classification.classes;
    if (classification.kind == ClassKind::Categorical) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%g", value);
        for (std::size_t i = 0; i < cs.size(); ++i)
            if (cs[i].category == buf)
                return i;
        return std::nullopt;
    }
    for (std::size_t i = 0; i < cs.size(); ++i) {
        if (value >= cs[i].lower && value < cs[i].upper)
            return i;
    }
    if (!cs.empty() && value == cs.back().upper)
        return cs.size() - 1;
    return std::nullopt;
}

std::optional<std::size_t> classOf(const Classification& classification,
                                   const AttributeValue* value) {
    if (value == nullptr)
        return std::nullopt;
    if (const double* d = std::get_if<double>(value))
        return classOf(classification, *d);
    const auto& text = std::get<std::string>(*value);
    if (classification.kind != ClassKind::Categorical)
        return std::nullopt;
    const auto& cs = classification.classes;
    for (std::size_t i = 0; i < cs.size(); ++i)
        if (cs[i].category == text)
            return i;
    return std::nullopt;
}

std::string formatNumber(double value, int decimals) {
    if (!std::isfinite(value))
        return "—";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", std::max(0, decimals), std::abs(value));
    std::string digits = buf;
    const auto dot = digits.find('.');
    std::string whole = digits.substr(0, dot);
    const std::string frac = dot == std::string::npos ? "" : digits.substr(dot);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0)
            grouped += ',';
        grouped += whole[i];
    }
    const bool negative =
        value < 0.0 &&
        (grouped != "0" || (!frac.empty() && frac.find_first_not_of(".0") != std::string::npos));
    return (negative ? "-" : "") + grouped + frac;
}

} // namespace xw::viewer
