// OR-Library p-median pmed1–40 (Beasley 1985) with xw::core::solveSiting, and optionally CBC on
// the classic p-median MIP side by side (figures in docs/performance.md, "Siting").
//
//   siting_orlib_bench <benchdata folder> [--from K] [--to K] [--threads T]
//                      [--cbc] [--cbc-seconds S] [--cbc-max-n N]
//
// Ours: every node a demand point of weight 1 and a candidate site, distances the shortest paths
// (last duplicate edge wins), costUnitsPerMeter = 1 (the distances are integers, so the sums
// are exact). Printed per instance: the objective, the published optimum (pmedopt.txt), the
// certified bound and gap, whether the bound proves optimality, wall and CPU seconds.
//
// CBC: the MIP as PySAL spopt's PMedian states it (Daskin 2013): min Σ_ij d_ij X_ij subject to
// Σ_j X_ij = 1, Σ_j Y_j = p, X_ij ≤ Y_j, X and Y binary; written as an LP file and solved by the
// `cbc` program (coinor-cbc) with a time limit (default 300 s), as spopt does through PuLP. Only
// instances with n ≤ --cbc-max-n (default 300) are given to CBC: the MIP has n² + n variables and
// n² + n + 1 rows (810,900 of each at n = 900).
#include "siting_instances.hpp"

#include <xw/core/siting/siting.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}
double cpuNow() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

struct CbcRun {
    bool ran = false;
    bool optimal = false;
    double objective = 0.0;
    double seconds = 0.0;
    std::string status;
};

CbcRun runCbc(const xw::bench::PmedInstance& inst, const std::filesystem::path& dir, int seconds) {
    CbcRun run;
    const std::size_t n = inst.n;
    const std::filesystem::path lp = dir / (inst.name + ".lp");
    const std::filesystem::path log = dir / (inst.name + ".log");
    {
        std::ofstream f(lp);
        f << "Minimize\n obj:";
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                f << " + " << inst.distance[i * n + j] << " x_" << i << "_" << j;
                if ((i * n + j) % 8 == 7)
                    f << "\n";
            }
        f << "\nSubject To\n";
        for (std::size_t i = 0; i < n; ++i) {
            f << " a" << i << ":";
            for (std::size_t j = 0; j < n; ++j)
                f << " + x_" << i << "_" << j;
            f << " = 1\n";
        }
        f << " p:";
        for (std::size_t j = 0; j < n; ++j)
            f << " + y_" << j;
        f << " = " << inst.p << "\n";
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j)
                f << " o" << i << "_" << j << ": x_" << i << "_" << j << " - y_" << j << " <= 0\n";
        f << "Binary\n";
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j)
                f << " x_" << i << "_" << j << "\n";
        for (std::size_t j = 0; j < n; ++j)
            f << " y_" << j << "\n";
        f << "End\n";
    }
    const std::string command = "cbc " + lp.string() + " sec " + std::to_string(seconds) +
                                " threads 1 solve > " + log.string() + " 2>&1";
    const auto t0 = Clock::now();
    const int rc = std::system(command.c_str());
    run.seconds = since(t0);
    run.ran = rc == 0;
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    const std::string out = text.str();
    std::smatch m;
    if (std::regex_search(out, m, std::regex(R"(Objective value:\s+([-0-9.eE+]+))")))
        run.objective = std::stod(m[1]);
    if (out.find("Result - Optimal solution found") != std::string::npos) {
        run.optimal = true;
        run.status = "optimal";
    } else if (out.find("Stopped on time") != std::string::npos) {
        run.status = "time limit";
    } else {
        run.status = run.ran ? "no answer" : "failed";
    }
    std::filesystem::remove(lp);
    return run;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: %s <benchdata folder> [--from K] [--to K] [--threads T] "
                     "[--cbc] [--cbc-seconds S] [--cbc-max-n N]\n",
                     argv[0]);
        return 2;
    }
    const std::string root = argv[1];
    int from = 1;
    int to = 40;
    int threads = 2;
    bool cbc = false;
    int cbcSeconds = 300;
    std::size_t cbcMaxN = 300;
    for (int a = 2; a < argc; ++a) {
        const std::string arg = argv[a];
        const auto next = [&]() { return a + 1 < argc ? std::string(argv[++a]) : std::string(); };
        if (arg == "--from")
            from = std::stoi(next());
        else if (arg == "--to")
            to = std::stoi(next());
        else if (arg == "--threads")
            threads = std::stoi(next());
        else if (arg == "--cbc")
            cbc = true;
        else if (arg == "--cbc-seconds")
            cbcSeconds = std::stoi(next());
        else if (arg == "--cbc-max-n")
            cbcMaxN = static_cast<std::size_t>(std::stoul(next()));
    }
    const std::string dir = root + "/orlib-pmed";
    const auto optima = xw::bench::readOptima(dir + "/pmedopt.txt");
    const std::filesystem::path work =
        std::filesystem::temp_directory_path() / ("xw_siting_cbc_" + std::to_string(getpid()));
    if (cbc)
        std::filesystem::create_directories(work);
    std::printf("%-7s %4s %4s %8s %8s %8s %5s %10s %8s %6s %7s %7s", "name", "n", "p", "optimum",
                "ours", "dev_%", "opt", "bound", "gap_%", "proved", "wall_s", "cpu_s");
    if (cbc)
        std::printf(" %10s %-10s %8s %7s", "cbc_obj", "cbc", "cbc_s", "ratio");
    std::printf("\n");
    int atOptimum = 0;
    int within = 0;
    int proved = 0;
    int count = 0;
    double worstDev = 0.0;
    double worstTime = 0.0;
    for (int k = from; k <= to; ++k) {
        const xw::bench::PmedInstance inst =
            xw::bench::readOrlibPmed(dir + "/pmed" + std::to_string(k) + ".txt");
        const xw::core::SitingProblem problem = xw::bench::pmedProblem(inst);
        xw::core::SitingConfig config;
        config.newFacilities = inst.p;
        config.costUnitsPerMeter = 1.0;
        config.threads = threads;
        const double c0 = cpuNow();
        const auto t0 = Clock::now();
        const xw::core::SitingResult r = xw::core::solveSiting(problem, config);
        const double wall = since(t0);
        const double cpu = cpuNow() - c0;
        const double optimum = optima.at(inst.name);
        const double dev = 100.0 * (r.objective - optimum) / optimum;
        ++count;
        atOptimum += r.objective == optimum ? 1 : 0;
        within += dev <= 0.1 ? 1 : 0;
        proved += r.provedOptimal ? 1 : 0;
        worstDev = std::max(worstDev, dev);
        worstTime = std::max(worstTime, wall);
        std::printf("%-7s %4zu %4zu %8.0f %8.0f %8.3f %5s %10.1f %8.3f %6s %7.2f %7.2f",
                    inst.name.c_str(), inst.n, inst.p, optimum, r.objective, dev,
                    r.objective == optimum ? "yes" : "NO", r.bound, 100.0 * r.gap,
                    r.provedOptimal ? "yes" : "no", wall, cpu);
        if (cbc) {
            if (inst.n <= cbcMaxN) {
                const CbcRun run = runCbc(inst, work, cbcSeconds);
                std::printf(" %10.0f %-10s %8.1f %7.1f", run.objective, run.status.c_str(),
                            run.seconds, run.seconds / std::max(wall, 1e-3));
            } else {
                std::printf(" %10s %-10s %8s %7s", "-", "not run", "-", "-");
            }
        }
        std::printf("\n");
        std::fflush(stdout);
    }
    std::printf("instances %d: at the optimum %d, within 0.1 %% %d, proved optimal by the bound "
                "%d; worst deviation %.3f %%, slowest %.2f s\n",
                count, atOptimum, within, proved, worstDev, worstTime);
    if (cbc)
        std::filesystem::remove_all(work);
    return 0;
}
