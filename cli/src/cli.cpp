#include "cli.hpp"

#include <xw/gis/error.hpp>
#include <xw/scenarios/error.hpp>
#include <xw/study/progress_steps.hpp>
#include <xw/study/study.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <regex>
#include <string_view>
#include <system_error>
#include <tuple>

namespace xw::cli {
namespace fs = std::filesystem;

fs::path defaultDataDir() {
    if (const char* env = std::getenv("XUEWEI_DATA"); env && *env)
        return env;
    std::error_code ec;
    fs::path source = XW_DEFAULT_DATA_DIR;
    if (fs::exists(source / "dataset.yaml", ec))
        return source;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path installed = exe.parent_path().parent_path() / "share/xuewei/data/yangjiang";
        if (fs::exists(installed / "dataset.yaml", ec))
            return installed;
    }
    return source;
}

std::pair<int, int> parseYears(const std::string& text) {
    static const std::regex range(R"(^\s*(\d{4})\s*(?:[-–~:]\s*(\d{4}))?\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, range))
        throw UsageError("年份应写作 2020-2035 / years must look like 2020-2035: \"" + text + "\"");
    const int a = std::stoi(m[1].str());
    const int b = m[2].matched ? std::stoi(m[2].str()) : a;
    if (a < 1949 || b > 2100 || b < a)
        throw UsageError("年份须在 1949–2100 之间且首年不晚于末年 / years must lie in 1949–2100, "
                         "the first not after the last: \"" +
                         text + "\"");
    return {a, b};
}

std::vector<core::Stage> parseStages(const std::vector<std::string>& names) {
    std::vector<core::Stage> out;
    for (const std::string& n : names) {
        const auto s = core::parseStage(n);
        if (!s)
            throw UsageError("未知学段 \"" + n +
                             "\"（可用 kindergarten primary junior senior "
                             "vocational special）/ unknown stage \"" +
                             n + "\" (kindergarten primary junior senior vocational special)");
        out.push_back(*s);
    }
    return out;
}

core::FertilityVariant parseFertility(const std::string& text) {
    if (text == "low" || text == "低")
        return core::FertilityVariant::Low;
    if (text == "medium" || text == "中")
        return core::FertilityVariant::Medium;
    if (text == "high" || text == "高")
        return core::FertilityVariant::High;
    throw UsageError(
        "生育方案应为 low、medium 或 high / --fertility must be low, medium or high: \"" + text +
        "\"");
}

std::pair<double, double> parseThreshold(const std::string& text, const std::string& option) {
    static const std::regex pair(R"(^\s*([0-9]*\.?[0-9]+)\s*,\s*([0-9]*\.?[0-9]+)\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, pair) || std::stod(m[1].str()) > 1.0)
        throw UsageError("阈值应写作 P,U (0 ≤ P ≤ 1, U ≥ 0) / " + option +
                         " must look like 0.5,1.05 with 0 ≤ P ≤ 1 and U ≥ 0: \"" + text + "\"");
    return {std::stod(m[1].str()), std::stod(m[2].str())};
}

CLI::Validator rangeCheck(double low, double high) {
    return {[low, high](std::string& text) -> std::string {
                double v = 0.0;
                std::size_t used = 0;
                try {
                    v = std::stod(text, &used);
                } catch (const std::exception&) {
                    used = 0;
                }
                if (used != text.size() || text.empty())
                    return "不是数字 / not a number: \"" + text + "\"";
                if (!(v >= low && v <= high))
                    return fmt::format("须在 {}–{} 之间 / must lie in {}–{}: {}", low, high, low,
                                       high, text);
                return {};
            },
            fmt::format("{}–{}", low, high)};
}

int guarded(const std::function<int()>& body) {
    // The headline, then the error diagnostics it does not already contain (at most 8).
    const auto listed = [](const std::string& headline, const std::vector<core::Diagnostic>& ds) {
        // A message made by core::toString already starts with its severity.
        constexpr std::string_view kPrefix = "错误 error: ";
        const bool prefixed = std::string_view(headline).substr(0, kPrefix.size()) == kPrefix;
        std::cerr << (prefixed ? "" : kPrefix) << headline << "\n";
        int shown = 0;
        for (const core::Diagnostic& d : ds)
            if (d.severity == core::Severity::Error && shown < 8) {
                const std::string line = core::toString(d);
                if (headline.find(line) == std::string::npos) {
                    std::cerr << "  " << line << "\n";
                    ++shown;
                }
            }
    };
    try {
        return body();
    } catch (const UsageError& e) {
        std::cerr << "用法错误 usage: " << e.what() << "\n";
        return kExitUsage;
    } catch (const study::StudyError& e) {
        listed(e.what(), e.diagnostics());
        return kExitBadInput;
    } catch (const scenarios::ScenarioError& e) {
        listed(e.what(), e.diagnostics());
        return kExitBadInput;
    } catch (const gis::GisError& e) {
        listed(e.what(), {});
        return kExitBadInput;
    } catch (const core::Cancelled&) {
        std::cerr << "已取消 / cancelled\n";
        return kExitCancelled;
    } catch (const std::bad_alloc&) {
        std::cerr << "错误 error: 内存不足 / out of memory\n";
        return kExitBadInput;
    } catch (const std::exception& e) {
        std::cerr << "内部错误 internal error: " << e.what()
                  << "\n请把此消息和命令报告给开发者 / please report this message and the command "
                     "to the developers\n";
        return kExitInternal;
    } catch (...) {
        std::cerr
            << "内部错误 internal error: 未知错误 / unknown error\n请把此消息和命令报告给开发者 "
               "/ please report this message and the command to the developers\n";
        return kExitInternal;
    }
}

void printDiagnostics(std::ostream& os, const std::vector<core::Diagnostic>& ds, std::size_t shown,
                      const std::string& restIn) {
    // Problems of one kind (severity, layer, field) are grouped: errors first, then the kinds in
    // the order they first appear; a kind shows its first three and a count of the others, so
    // that a thousand warnings of one kind do not hide the one warning of another.
    constexpr std::size_t kPerKind = 3;
    using Kind = std::tuple<int, std::string, std::string>;
    std::vector<Kind> order;
    std::map<Kind, std::vector<const core::Diagnostic*>> byKind;
    for (const core::Diagnostic& d : ds) {
        const Kind k{d.severity == core::Severity::Error ? 0 : 1, d.layer, d.field};
        auto& v = byKind[k];
        if (v.empty())
            order.push_back(k);
        v.push_back(&d);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const Kind& a, const Kind& b) { return std::get<0>(a) < std::get<0>(b); });
    std::size_t printed = 0; // lines
    std::size_t listed = 0;  // diagnostics shown in full
    for (const Kind& k : order) {
        if (printed >= shown)
            break;
        const auto& v = byKind[k];
        const std::size_t take = std::min({v.size(), kPerKind, shown - printed});
        for (std::size_t i = 0; i < take; ++i)
            os << "  " << core::toString(*v[i]) << "\n";
        printed += take;
        listed += take;
        if (v.size() > take) {
            const std::string what =
                "[" + std::get<1>(k) + "]" + (std::get<2>(k).empty() ? "" : " " + std::get<2>(k));
            os << fmt::format("    … 同类 {} 还有 {} 条 / {} more of {}\n", what, v.size() - take,
                              v.size() - take, what);
            ++printed;
        }
    }
    if (listed < ds.size())
        os << fmt::format("  … 其余 {} 条见 {} / and {} more in {}\n", ds.size() - listed, restIn,
                          ds.size() - listed, restIn);
}

ProgressPrinter::~ProgressPrinter() {
    finish();
}

core::Progress ProgressPrinter::progress() {
    return core::Progress([this](std::string_view step, std::int64_t done, std::int64_t total) {
        report(step, done, total);
    });
}

core::Progress ProgressPrinter::progressInStep() {
    return core::Progress([this](std::string_view, std::int64_t done, std::int64_t total) {
        if (!m_current.empty() &&
            std::chrono::steady_clock::now() - m_start >= std::chrono::seconds(1))
            printTenths(done, total);
    });
}

void ProgressPrinter::step(const std::string& label) {
    finish();
    m_current = label;
    m_start = std::chrono::steady_clock::now();
    if (!m_quiet)
        std::cerr << "  " << label << " …" << std::flush;
}

void ProgressPrinter::finish() {
    if (m_current.empty())
        return;
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    if (!m_quiet)
        std::cerr << fmt::format(" {:.2f} s\n", s);
    m_current.clear();
    m_lastTenth = -1;
}

void ProgressPrinter::report(std::string_view step, std::int64_t done, std::int64_t total) {
    // One line per step name's first word: the optimiser's steps ("选址 siting: …") share one.
    const std::string key(step.substr(0, step.find(' ')));
    const std::string label = study::progressStepLabel(key);
    if (label != m_current)
        step.empty() ? finish() : this->step(label);
    if (key == "monte_carlo")
        printTenths(done, total);
}

void ProgressPrinter::printTenths(std::int64_t done, std::int64_t total) {
    if (total <= 0 || m_quiet)
        return;
    const int tenth = static_cast<int>(done * 10 / total);
    if (tenth != m_lastTenth && tenth > 0) {
        m_lastTenth = tenth;
        std::cerr << fmt::format(" {}%", tenth * 10) << std::flush;
    }
}

void requireDataOrScenario(const std::string& data, const std::string& scenario) {
    if (!data.empty() && !scenario.empty())
        throw UsageError("--data 与 --scenario 只能给一个 (方案文件已指明数据集) / give --data or "
                         "--scenario, not both (a scenario names its dataset)");
}

std::vector<fs::path> studySources(const std::string& data,
                                   const std::vector<std::string>& scenarios) {
    requireDataOrScenario(data, scenarios.empty() ? std::string() : scenarios.front());
    std::vector<fs::path> sources(scenarios.begin(), scenarios.end());
    if (sources.empty())
        sources.push_back(!data.empty() ? fs::path(data) : defaultDataDir());
    return sources;
}

std::vector<study::Study> openStudies(const std::vector<fs::path>& sources,
                                      ProgressPrinter& progress) {
    std::vector<study::Study> studies;
    studies.reserve(sources.size());
    for (const fs::path& source : sources) {
        progress.step("读取数据集 Loading " + source.string());
        studies.push_back(study::Study::open(source, progress.progressInStep()));
        progress.finish();
    }
    return studies;
}

study::Study openStudy(const std::string& data, const std::string& scenario,
                       ProgressPrinter& progress) {
    const std::vector<std::string> scenarios =
        scenario.empty() ? std::vector<std::string>() : std::vector<std::string>{scenario};
    return std::move(openStudies(studySources(data, scenarios), progress).front());
}

void requireYearInStudy(const study::Study& study, int year) {
    const int baseYear = study.city().baseYear;
    const int horizon = study.horizonYear();
    if (year < baseYear || year > horizon)
        throw UsageError(
            fmt::format("--year {} 不在数据年份与期限 {}–{} 之内 / --year {} is outside "
                        "the data's year and the horizon, {}–{}",
                        year, baseYear, horizon, year, baseYear, horizon));
}

} // namespace xw::cli
