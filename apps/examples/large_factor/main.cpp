// lupine-large-factor: a factorization with 64-bit indices whose L + U can pass 2^31 - 1
// entries: the 7-point Laplacian of a K x K x K grid, nested dissection, supernodal path.
//
//   lupine-large-factor [--grid K] [--factor] [--threads P] [--memory-limit-gib G]
//
// It analyzes the matrix with 32-bit indices (refused once the predicted nnz(L+U) passes
// 2^31 - 1: the message is reported) and with 64-bit ones, and reports the prediction:
// nnz(L+U), the factors' and the working memory (Stats::predicted_factor_bytes and
// predicted_working_bytes). With --factor it also factors with 64-bit indices, refused before
// any numeric work when the predicted memory passes G GiB (default: 90% of the physical
// memory), solves A x = A 1 with refinement and reports nnz(L+U), the times, the backward and
// forward errors and the peak resident memory. K = 112 predicts ~2.3e9 entries, 17 GiB of
// factors plus ~4.5 GiB of working memory (docs/errors.md, "64-bit indices"). Prints one
// line of JSON.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "lupine/generate.hpp"
#include "lupine/solver.hpp"

namespace {

struct Settings {
  int grid = 112;
  bool factor = false;
  int threads = 0;
  double memory_limit_gib = 0;  // 0: 90% of the physical memory
};

int usage(const std::string& message) {
  std::fprintf(stderr,
               "lupine-large-factor: %s\nusage: lupine-large-factor [--grid K] [--factor] "
               "[--threads P] [--memory-limit-gib G]\n",
               message.c_str());
  return 2;
}

double physical_memory_bytes() {
  return static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  for (int k = 1; k < argc; ++k) {
    const std::string argument = argv[k];
    auto next = [&](double minimum) {
      if (k + 1 >= argc) throw std::invalid_argument(argument + " needs a value");
      char* end = nullptr;
      const double value = std::strtod(argv[++k], &end);
      if (!end || *end != 0 || !(value >= minimum)) {
        throw std::invalid_argument(argument + " needs a number >= " + std::to_string(minimum));
      }
      return value;
    };
    try {
      if (argument == "--grid") {
        settings.grid = static_cast<int>(next(2));
      } else if (argument == "--factor") {
        settings.factor = true;
      } else if (argument == "--threads") {
        settings.threads = static_cast<int>(next(0));
      } else if (argument == "--memory-limit-gib") {
        settings.memory_limit_gib = next(1e-3);
      } else {
        return usage("unexpected argument '" + argument + "'");
      }
    } catch (const std::invalid_argument& error) {
      return usage(error.what());
    }
  }
  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  try {
    const int k = settings.grid;
    const lupine::CscMatrix<double> narrow = lupine::generate::laplacian_3d(k, k, k);
    const lupine::CscMatrix<double, std::int64_t> A(
        narrow.rows(), narrow.cols(),
        std::vector<std::int64_t>(narrow.col_ptr().begin(), narrow.col_ptr().end()),
        std::vector<std::int64_t>(narrow.row_indices().begin(), narrow.row_indices().end()),
        narrow.values());
    lupine::Options options;
    options.ordering = lupine::Ordering::nested_dissection;
    options.path = lupine::FactorPath::supernodal;
    options.threads = settings.threads;
    const double limit_gib = settings.memory_limit_gib > 0
                                 ? settings.memory_limit_gib
                                 : 0.9 * physical_memory_bytes() / 1073741824.0;
    options.memory_limit = static_cast<std::int64_t>(limit_gib * 1073741824.0);

    std::string refusal;
    try {
      lupine::analyze(narrow, options);
    } catch (const lupine::Error& error) {
      if (error.kind() != lupine::ErrorKind::size_overflow) throw;
      refusal = error.what();
    }
    auto start = Clock::now();
    const lupine::Symbolic<std::int64_t> symbolic = lupine::analyze(A, options);
    const double analyze_seconds = seconds(start);
    const lupine::Stats& predicted = symbolic.stats();
    std::string json =
        "{\"grid\": " + std::to_string(k) + ", \"n\": " + std::to_string(A.rows()) +
        ", \"nnz\": " + std::to_string(A.nnz()) +
        ", \"predicted_lu_nnz\": " + std::to_string(predicted.predicted_lu_nnz) +
        ", \"past_int32\": " +
        (predicted.predicted_lu_nnz > std::numeric_limits<std::int32_t>::max() ? "true" : "false") +
        ", \"predicted_factor_bytes\": " + std::to_string(predicted.predicted_factor_bytes) +
        ", \"predicted_working_bytes\": " + std::to_string(predicted.predicted_working_bytes) +
        ", \"predicted_flops\": " + number(predicted.predicted_flops) +
        ", \"analyze_seconds\": " + number(analyze_seconds) +
        ", \"int32_refusal\": " + quoted(refusal);
    if (settings.factor) {
      start = Clock::now();
      const lupine::Numeric<double, std::int64_t> numeric(symbolic, A, options);
      const double factor_seconds = seconds(start);
      const std::vector<double> ones(static_cast<std::size_t>(A.rows()), 1.0);
      const std::vector<double> b = lupine::multiply(A, ones);
      lupine::SolveReport report;
      start = Clock::now();
      const std::vector<double> x = numeric.solve(b, lupine::Transpose::no, 2, &report);
      const double solve_seconds = seconds(start);
      double forward = 0;
      for (const double value : x) forward = std::max(forward, std::abs(value - 1.0));
      const lupine::Stats& stats = numeric.stats();
      json += ", \"lu_nnz\": " + std::to_string(stats.lu_nnz) +
              ", \"factor_seconds\": " + number(factor_seconds) +
              ", \"solve_seconds\": " + number(solve_seconds) +
              ", \"threads\": " + std::to_string(stats.threads) +
              ", \"backward_error\": " + number(report.backward_error) +
              ", \"forward_error\": " + number(forward) +
              ", \"working_bytes\": " + std::to_string(stats.working_bytes);
    }
    json += ", \"peak_resident_bytes\": " + number(peak_resident_bytes()) + "}";
    std::printf("%s\n", json.c_str());
    return 0;
  } catch (const lupine::Error& error) {
    std::fprintf(stderr, "lupine-large-factor: %s\n", error.what());
    return 1;
  }
}
