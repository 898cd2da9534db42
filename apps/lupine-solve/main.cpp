// lupine-solve: solve A x = b from Matrix Market / Rutherford-Boeing files.
//
// Exit codes: 0 solved, 1 numerical failure (singular matrix, out of memory), 2 bad usage or
// bad input (unreadable or malformed file, unsupported matrix, invalid option).
#include <sys/stat.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>

#include "common/json.hpp"
#include "lupine/io.hpp"
#include "lupine/solver.hpp"

namespace po = boost::program_options;
using lupine_apps::json_number;
using lupine_apps::json_string;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitNumerical = 1;
constexpr int kExitUsage = 2;

struct Settings {
  std::string matrix_path;
  std::string rhs_path;
  std::string out_path;
  lupine::Options options;
  int refine = 2;
  bool transpose = false;
  bool json = false;
};

struct Report {
  std::int64_t n = -1;
  std::int64_t nnz = -1;
  std::int64_t lu_nnz = -1;
  double analyze_s = NAN;
  double factor_s = NAN;
  double refactor_s = NAN;
  double solve_s = NAN;
  double backward_error = NAN;
  double forward_error = NAN;
  double condition = NAN;  // 1-norm estimate (Numeric::condition_estimate)
  int refinement_steps = 0;
  std::string rhs_source;
  std::string status = "ok";
  std::string message;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool file_exists(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

// "<dir>/<name>.mtx.gz" -> "<dir>/<name>_b.mtx.gz" (also for .mtx).
std::string companion_rhs_path(const std::string& matrix_path) {
  for (const std::string& suffix : {std::string(".mtx.gz"), std::string(".mtx")}) {
    if (matrix_path.size() > suffix.size() &&
        matrix_path.compare(matrix_path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      const std::string base = matrix_path.substr(0, matrix_path.size() - suffix.size());
      for (const std::string& candidate : {base + "_b.mtx.gz", base + "_b.mtx"}) {
        if (file_exists(candidate)) return candidate;
      }
    }
  }
  return "";
}

lupine::Ordering parse_ordering(const std::string& text) {
  if (text == "auto") return lupine::Ordering::automatic;
  if (text == "amd") return lupine::Ordering::amd;
  if (text == "colamd") return lupine::Ordering::colamd;
  if (text == "natural") return lupine::Ordering::natural;
  if (text == "nd") return lupine::Ordering::nested_dissection;
  throw po::error("--ordering must be auto, amd, colamd, nd or natural, got '" + text + "'");
}

lupine::FactorPath parse_path(const std::string& text) {
  if (text == "auto") return lupine::FactorPath::automatic;
  if (text == "column") return lupine::FactorPath::column;
  if (text == "dense") return lupine::FactorPath::dense;
  if (text == "supernodal") return lupine::FactorPath::supernodal;
  throw po::error("--path must be auto, column, dense or supernodal, got '" + text + "'");
}

lupine::Scaling parse_scaling(const std::string& text) {
  if (text == "none") return lupine::Scaling::none;
  if (text == "max") return lupine::Scaling::max;
  if (text == "sum") return lupine::Scaling::sum;
  throw po::error("--scaling must be none, max or sum, got '" + text + "'");
}

void print_report(const Settings& settings, const Report& report) {
  if (settings.json) {
    std::cout << "{\"matrix\": " << json_string(settings.matrix_path) << ", \"n\": " << report.n
              << ", \"nnz\": " << report.nnz << ", \"lu_nnz\": " << report.lu_nnz
              << ", \"analyze_s\": " << json_number(report.analyze_s)
              << ", \"factor_s\": " << json_number(report.factor_s)
              << ", \"refactor_s\": " << json_number(report.refactor_s)
              << ", \"solve_s\": " << json_number(report.solve_s)
              << ", \"backward_error\": " << json_number(report.backward_error)
              << ", \"forward_error\": " << json_number(report.forward_error)
              << ", \"condition\": " << json_number(report.condition)
              << ", \"refinement_steps\": " << report.refinement_steps
              << ", \"rhs\": " << json_string(report.rhs_source)
              << ", \"status\": " << json_string(report.status);
    if (!report.message.empty()) std::cout << ", \"message\": " << json_string(report.message);
    std::cout << "}\n";
    return;
  }
  if (report.status != "ok") {
    std::cerr << "lupine-solve: " << report.message << "\n";
    return;
  }
  std::printf("matrix           %s\n", settings.matrix_path.c_str());
  std::printf("n                %lld\n", static_cast<long long>(report.n));
  std::printf("nnz              %lld\n", static_cast<long long>(report.nnz));
  std::printf("nnz(L+U)         %lld\n", static_cast<long long>(report.lu_nnz));
  std::printf("right-hand side  %s\n", report.rhs_source.c_str());
  std::printf("analyze          %.6f s\n", report.analyze_s);
  std::printf("factor           %.6f s\n", report.factor_s);
  std::printf("refactor         %.6f s\n", report.refactor_s);
  std::printf("solve            %.6f s (%d refinement steps)\n", report.solve_s,
              report.refinement_steps);
  std::printf("backward error   %.3e\n", report.backward_error);
  if (std::isfinite(report.forward_error)) {
    std::printf("forward error    %.3e (x = ones)\n", report.forward_error);
  }
  std::printf("condition        %.3e (1-norm estimate)\n", report.condition);
}

int exit_code_for(lupine::ErrorKind kind) {
  switch (kind) {
    case lupine::ErrorKind::structurally_singular:
    case lupine::ErrorKind::numerically_singular:
    case lupine::ErrorKind::out_of_memory:
    case lupine::ErrorKind::memory_limit_exceeded:
    case lupine::ErrorKind::internal:
      return kExitNumerical;
    default:
      return kExitUsage;
  }
}

int run(const Settings& settings, Report& report) {
  using clock = std::chrono::steady_clock;
  bool pattern_only = false;
  lupine::CscMatrix<double> a = lupine::read_matrix<double>(settings.matrix_path, &pattern_only);
  if (pattern_only) lupine::assign_pattern_values(a);
  report.n = a.rows();
  report.nnz = a.nnz();
  if (!a.is_square()) {
    throw lupine::Error(lupine::ErrorKind::dimension_mismatch,
                        settings.matrix_path + ": matrix is " + std::to_string(a.rows()) + " x " +
                            std::to_string(a.cols()) + ", lupine-solve needs a square matrix");
  }

  lupine::DenseMatrix<double> b;
  std::optional<std::vector<double>> exact;
  const std::string rhs_path =
      settings.rhs_path.empty() ? companion_rhs_path(settings.matrix_path) : settings.rhs_path;
  if (!rhs_path.empty()) {
    b = lupine::read_matrix_market_dense<double>(rhs_path);
    if (b.rows != a.rows()) {
      throw lupine::Error(lupine::ErrorKind::invalid_argument,
                          rhs_path + ": right-hand side has " + std::to_string(b.rows) +
                              " rows, the matrix has " + std::to_string(a.rows()));
    }
    report.rhs_source = rhs_path;
  } else {
    exact = std::vector<double>(static_cast<std::size_t>(a.rows()), 1.0);
    const auto product = lupine::multiply(
        a, *exact, settings.transpose ? lupine::Transpose::yes : lupine::Transpose::no);
    b = lupine::DenseMatrix<double>(a.rows(), 1);
    b.data = product;
    report.rhs_source = settings.transpose ? "A^T * ones" : "A * ones";
  }

  auto start = clock::now();
  const lupine::Symbolic<> symbolic = lupine::analyze(a, settings.options);
  report.analyze_s = seconds_since(start);
  start = clock::now();
  lupine::Numeric<> numeric(symbolic, a, settings.options);
  report.factor_s = seconds_since(start);
  start = clock::now();
  numeric.refactor(a);
  report.refactor_s = seconds_since(start);
  report.lu_nnz = numeric.stats().lu_nnz;

  lupine::DenseMatrix<double> x(b.rows, b.cols);
  auto workspace = numeric.make_workspace(static_cast<int>(b.cols));
  start = clock::now();
  const lupine::SolveReport solved = numeric.solve(
      b.data.data(), x.data.data(), static_cast<int>(b.cols), std::max<int>(a.rows(), 1),
      settings.transpose ? lupine::Transpose::yes : lupine::Transpose::no, settings.refine,
      workspace);
  report.solve_s = seconds_since(start);
  report.backward_error =
      settings.refine > 0
          ? solved.backward_error
          : numeric.backward_error(
                b.data.data(), x.data.data(), static_cast<int>(b.cols), std::max<int>(a.rows(), 1),
                settings.transpose ? lupine::Transpose::yes : lupine::Transpose::no);
  report.refinement_steps = solved.refinement_steps;
  // After the timed solve: about ten more solves, which the solve time should not include.
  report.condition = numeric.condition_estimate().condition;
  if (exact) {
    double worst = 0;
    for (std::size_t i = 0; i < exact->size(); ++i) {
      worst = std::max(worst, std::abs(x.data[i] - (*exact)[i]));
    }
    report.forward_error = worst;
  }
  if (!settings.out_path.empty()) {
    lupine::write_matrix_market_dense(
        settings.out_path, x, "solution computed by lupine-solve for " + settings.matrix_path);
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  std::string ordering = "auto";
  std::string path = "auto";
  std::string scaling = "max";
  po::options_description visible(
      "Usage: lupine-solve A.mtx[.gz] [options]\n\n"
      "Solves A x = b by sparse LU. Without --rhs the right-hand side is <name>_b.mtx[.gz]\n"
      "beside the matrix when present, else b = A*ones (then the forward error is reported).\n"
      "Pattern-only matrices get deterministic values (see lupine::assign_pattern_values).\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")("rhs",
                                                    po::value<std::string>(&settings.rhs_path),
                                                    "right-hand side(s), Matrix Market array file")(
      "out", po::value<std::string>(&settings.out_path),
      "write the solution X to this Matrix Market file")(
      "ordering", po::value<std::string>(&ordering)->default_value("auto"),
      "auto, amd, colamd, nd or natural")("path",
                                          po::value<std::string>(&path)->default_value("auto"),
                                          "numeric path: auto, column, dense or supernodal")(
      "threshold", po::value<double>(&settings.options.pivot_threshold)->default_value(0.1),
      "pivot threshold tau in [0, 1]")(
      "scaling", po::value<std::string>(&scaling)->default_value("max"),
      "row scaling: none, max or sum")("no-btf", "do not permute to block triangular form")(
      "threads", po::value<int>(&settings.options.threads)->default_value(0),
      "factorization threads (0 = all cores)")("refine",
                                               po::value<int>(&settings.refine)->default_value(2),
                                               "maximum iterative refinement steps")(
      "transpose", "solve A^T x = b")("json", "print one JSON object instead of the table");
  po::options_description hidden;
  hidden.add_options()("matrix", po::value<std::string>(&settings.matrix_path));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("matrix", 1);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << visible << "\n";
      return kExitOk;
    }
    po::notify(vm);
    if (settings.matrix_path.empty()) throw po::error("missing the matrix file argument");
    settings.options.ordering = parse_ordering(ordering);
    settings.options.path = parse_path(path);
    settings.options.scaling = parse_scaling(scaling);
    settings.options.btf = vm.count("no-btf") == 0;
    settings.transpose = vm.count("transpose") > 0;
    settings.json = vm.count("json") > 0;
    if (settings.refine < 0) throw po::error("--refine must be >= 0");
    settings.options.validate();
  } catch (const po::error& error) {
    std::cerr << "lupine-solve: " << error.what() << "\nTry 'lupine-solve --help'.\n";
    return kExitUsage;
  } catch (const lupine::Error& error) {
    std::cerr << "lupine-solve: " << error.what() << "\n";
    return kExitUsage;
  }

  Report report;
  int code = kExitOk;
  try {
    code = run(settings, report);
  } catch (const lupine::Error& error) {
    report.status = lupine::to_string(error.kind());
    report.message = error.what();
    code = exit_code_for(error.kind());
  } catch (const std::bad_alloc&) {
    report.status = lupine::to_string(lupine::ErrorKind::out_of_memory);
    report.message = "out of memory";
    code = kExitNumerical;
  }
  print_report(settings, report);
  return code;
}
