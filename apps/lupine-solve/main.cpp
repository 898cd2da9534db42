// lupine-solve: solve A x = b from Matrix Market / Rutherford-Boeing files, real or complex
// (the file's header says which; a complex file is solved in std::complex<double>).
//
// Exit codes: 0 solved, 1 numerical failure (singular matrix, out of memory), 2 bad usage or
// bad input (unreadable or malformed file, unsupported matrix, invalid option).
#include <sys/stat.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <complex>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "common/json.hpp"
#include "common/matrix_field.hpp"
#include "lupine/io.hpp"
#include "lupine/solver.hpp"
#ifdef LUPINE_WITH_MPI
#include "lupine/distributed.hpp"
#endif

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
  lupine::Transpose transpose = lupine::Transpose::no;
  bool json = false;
  // --distributed: the MPI solver (under mpirun); --spread: the matrix as entries spread over
  // the ranks (by column blocks) and b, x in row blocks, instead of whole on rank 0.
  bool distributed = false;
  bool spread = false;
  std::string distributed_ordering = "auto";
  std::string distributed_backend = "mumps";
};

struct Report {
  std::string field = "real";  // of the matrix file: real (integer, pattern too) or complex
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
  // det A = sign * exp(log_abs_determinant): sign is +-1 for a real matrix (imaginary part
  // 0) and of modulus 1 for a complex one.
  std::complex<double> determinant_sign = NAN;
  double log_abs_determinant = NAN;
  int refinement_steps = 0;
  std::string rhs_source;
  std::string status = "ok";
  std::string message;
  int ranks = 0;  // --distributed: MPI ranks, and the factorization's memory
  std::int64_t peak_memory_mb = -1;
  std::int64_t total_memory_mb = -1;
  std::string ordering;  // the one the backend used
  double factor_flops = NAN;
  std::int64_t replaced_pivots = 0;  // --distributed superlu_dist: static pivoting
};

// With --distributed only rank 0 prints.
bool printing_rank = true;

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

// The words are those of lupine::Transpose; a bare --transpose means "yes" (Aᵀ).
lupine::Transpose parse_transpose(const std::string& text) {
  if (text == "no") return lupine::Transpose::no;
  if (text == "yes") return lupine::Transpose::yes;
  if (text == "conjugate") return lupine::Transpose::conjugate;
  throw po::error("--transpose must be no, yes (A^T) or conjugate (A^H), got '" + text + "'");
}

// "A", "A^T" or "A^H": the operator solved with. Aᴴ of a real matrix is Aᵀ.
std::string operator_name(lupine::Transpose transpose, bool complex) {
  if (transpose == lupine::Transpose::no) return "A";
  return transpose == lupine::Transpose::conjugate && complex ? "A^H" : "A^T";
}

// --transpose was a switch before it took a value, and program_options would take the word
// after an option with an implicit value as that value, so that "--transpose A.mtx" would no
// longer name the matrix. Hence by hand: "--transpose no|yes|conjugate" (one of the three
// words next) becomes --transpose=WORD, and a bare --transpose is --transpose=yes.
std::vector<std::string> with_transpose_values(int argc, char** argv) {
  std::vector<std::string> arguments;
  for (int k = 1; k < argc; ++k) {
    const std::string argument = argv[k];
    if (argument != "--transpose") {
      arguments.push_back(argument);
      continue;
    }
    const std::string next = k + 1 < argc ? argv[k + 1] : "";
    if (next == "no" || next == "yes" || next == "conjugate") {
      arguments.push_back("--transpose=" + next);
      ++k;
    } else {
      arguments.push_back("--transpose=yes");
    }
  }
  return arguments;
}

lupine::Matching parse_matching(const std::string& text) {
  if (text == "structural") return lupine::Matching::structural;
  if (text == "max_product") return lupine::Matching::max_product;
  throw po::error("--matching must be structural or max_product, got '" + text + "'");
}

lupine::Scaling parse_scaling(const std::string& text) {
  if (text == "none") return lupine::Scaling::none;
  if (text == "max") return lupine::Scaling::max;
  if (text == "sum") return lupine::Scaling::sum;
  throw po::error("--scaling must be none, max or sum, got '" + text + "'");
}

void print_report(const Settings& settings, const Report& report) {
  if (!printing_rank) return;
  if (settings.json) {
    std::cout << "{\"matrix\": " << json_string(settings.matrix_path)
              << ", \"field\": " << json_string(report.field) << ", \"n\": " << report.n
              << ", \"nnz\": " << report.nnz << ", \"lu_nnz\": " << report.lu_nnz
              << ", \"analyze_s\": " << json_number(report.analyze_s)
              << ", \"factor_s\": " << json_number(report.factor_s)
              << ", \"refactor_s\": " << json_number(report.refactor_s)
              << ", \"solve_s\": " << json_number(report.solve_s)
              << ", \"backward_error\": " << json_number(report.backward_error)
              << ", \"forward_error\": " << json_number(report.forward_error)
              << ", \"condition\": " << json_number(report.condition)
              << ", \"determinant_sign_re\": " << json_number(report.determinant_sign.real())
              << ", \"determinant_sign_im\": " << json_number(report.determinant_sign.imag())
              << ", \"log_abs_determinant\": " << json_number(report.log_abs_determinant)
              << ", \"refinement_steps\": " << report.refinement_steps
              << ", \"rhs\": " << json_string(report.rhs_source)
              << ", \"status\": " << json_string(report.status);
    if (!report.message.empty()) std::cout << ", \"message\": " << json_string(report.message);
    if (settings.distributed) {
      std::cout << ", \"ranks\": " << report.ranks << ", \"threads_per_rank\": 1"
                << ", \"input\": " << json_string(settings.spread ? "spread" : "rank 0")
                << ", \"peak_memory_mb\": " << report.peak_memory_mb
                << ", \"total_memory_mb\": " << report.total_memory_mb
                << ", \"backend\": " << json_string(settings.distributed_backend)
                << ", \"replaced_pivots\": " << report.replaced_pivots
                << ", \"ordering\": " << json_string(report.ordering)
                << ", \"factor_flops\": " << json_number(report.factor_flops);
    }
    std::cout << "}\n";
    return;
  }
  if (report.status != "ok") {
    std::cerr << "lupine-solve: " << report.message << "\n";
    return;
  }
  std::printf("matrix           %s (%s)\n", settings.matrix_path.c_str(), report.field.c_str());
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
  if (settings.distributed) {
    std::printf("distributed      %d rank(s), matrix %s, %s, ordering %s, %.3g flops\n",
                report.ranks,
                settings.spread ? "spread as entries, b and x in row blocks" : "on rank 0",
                settings.distributed_backend.c_str(), report.ordering.c_str(), report.factor_flops);
    std::printf("memory           %lld MB peak per rank, %lld MB in all\n",
                static_cast<long long>(report.peak_memory_mb),
                static_cast<long long>(report.total_memory_mb));
  }
  if (std::isfinite(report.forward_error)) {
    std::printf("forward error    %.3e (x = ones)\n", report.forward_error);
  }
  if (settings.distributed) return;  // no condition estimate or determinant there
  std::printf("condition        %.3e (1-norm estimate)\n", report.condition);
  if (report.field == "complex") {
    std::printf("determinant      sign %.6f%+.6fi, log|det| %.6e\n", report.determinant_sign.real(),
                report.determinant_sign.imag(), report.log_abs_determinant);
  } else {
    std::printf("determinant      sign %+.0f, log|det| %.6e\n", report.determinant_sign.real(),
                report.log_abs_determinant);
  }
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

// Reads the matrix in the scalar type the pipeline runs in: pattern-only files get
// lupine::assign_pattern_values (real files only; a pattern file is never complex).
void read_into(const std::string& path, lupine::CscMatrix<double>& a) {
  bool pattern_only = false;
  a = lupine::read_matrix<double>(path, &pattern_only);
  if (pattern_only) lupine::assign_pattern_values(a);
}

void read_into(const std::string& path, lupine::CscMatrix<std::complex<double>>& a) {
  a = lupine::read_matrix<std::complex<double>>(path);
}

#ifdef LUPINE_WITH_MPI
// The same system by lupine::DistributedSolver (every rank has read the files: their errors
// are then the same on every rank). Times are rank 0's.
template <class Scalar>
int run_distributed(const Settings& settings, Report& report, const lupine::CscMatrix<Scalar>& a,
                    const lupine::DenseMatrix<Scalar>& b,
                    const std::optional<std::vector<Scalar>>& exact) {
  lupine::DistributedOptions options;
  options.refine_steps = settings.refine;
  if (settings.distributed_backend == "superlu_dist") {
    options.backend = lupine::DistributedBackend::superlu_dist;
  } else if (settings.distributed_backend != "mumps") {
    throw lupine::Error(lupine::ErrorKind::invalid_argument,
                        "--distributed-backend must be mumps or superlu_dist, got '" +
                            settings.distributed_backend + "'");
  }
  const std::string& ordering = settings.distributed_ordering;
  if (ordering == "auto") {
    options.ordering = lupine::DistributedOrdering::automatic;
  } else if (ordering == "metis") {
    options.ordering = lupine::DistributedOrdering::metis;
  } else if (ordering == "scotch") {
    options.ordering = lupine::DistributedOrdering::scotch;
  } else if (ordering == "pord") {
    options.ordering = lupine::DistributedOrdering::pord;
  } else if (ordering == "amd") {
    options.ordering = lupine::DistributedOrdering::amd;
  } else if (ordering == "amf") {
    options.ordering = lupine::DistributedOrdering::amf;
  } else if (ordering == "lupine") {
    options.ordering = lupine::DistributedOrdering::lupine;
  } else if (ordering == "best") {
    options.ordering = lupine::DistributedOrdering::best;
  } else {
    throw lupine::Error(lupine::ErrorKind::invalid_argument,
                        "--distributed-ordering must be auto, metis, scotch, pord, amd, amf, "
                        "lupine or best, got '" +
                            ordering + "'");
  }
  lupine::DistributedSolver<Scalar> solver(MPI_COMM_WORLD, options);
  const int rank = solver.rank();
  const int ranks = solver.ranks();
  const std::int64_t n = a.rows();
  const std::int64_t nrhs = b.cols;
  lupine::DenseMatrix<Scalar> x(b.rows, b.cols);
  if (settings.spread) {
    // Columns [n r / p, n (r+1) / p) to rank r as entries; rows of b and x the same way.
    const std::int64_t first = n * rank / ranks;
    const std::int64_t last = n * (rank + 1) / ranks;
    lupine::DistributedEntries<Scalar> local;
    local.n = n;
    for (std::int64_t j = first; j < last; ++j) {
      for (std::int32_t p = a.col_ptr()[j]; p < a.col_ptr()[j + 1]; ++p) {
        local.rows.push_back(a.row_indices()[p]);
        local.columns.push_back(j);
        local.values.push_back(a.values()[static_cast<std::size_t>(p)]);
      }
    }
    solver.analyze(local);
    solver.factor(local);
    solver.refactor(local);
    std::vector<std::int64_t> rows;
    std::vector<Scalar> b_local;
    for (std::int64_t k = 0; k < nrhs; ++k) {
      for (std::int64_t i = first; i < last; ++i) {
        if (k == 0) rows.push_back(i);
        b_local.push_back(b.data[static_cast<std::size_t>(k * n + i)]);
      }
    }
    std::vector<Scalar> x_local(b_local.size());
    solver.solve_distributed(rows, b_local.data(), x_local.data(), nrhs, settings.transpose);
    // Gathered on rank 0 for the report (and --out).
    const int width = static_cast<int>(sizeof(Scalar) / sizeof(double));
    for (std::int64_t k = 0; k < nrhs; ++k) {
      std::vector<int> counts(static_cast<std::size_t>(ranks));
      std::vector<int> offsets(counts.size());
      for (int r = 0; r < ranks; ++r) {
        offsets[static_cast<std::size_t>(r)] = static_cast<int>(n * r / ranks) * width;
        counts[static_cast<std::size_t>(r)] =
            static_cast<int>(n * (r + 1) / ranks) * width - offsets[static_cast<std::size_t>(r)];
      }
      MPI_Gatherv(x_local.data() + k * (last - first), static_cast<int>(last - first) * width,
                  MPI_DOUBLE, x.data.data() + k * n, counts.data(), offsets.data(), MPI_DOUBLE, 0,
                  MPI_COMM_WORLD);
    }
  } else {
    solver.analyze(a);
    solver.factor(a);
    solver.refactor(a);
    solver.solve(b.data.data(), x.data.data(), nrhs, std::max<std::int64_t>(n, 1),
                 settings.transpose);
  }
  const lupine::DistributedStats& stats = solver.stats();
  report.ranks = ranks;
  report.lu_nnz = stats.lu_nnz;
  report.analyze_s = stats.analyze_seconds;
  report.factor_s = stats.factor_seconds;
  report.refactor_s = stats.refactor_seconds;
  report.solve_s = stats.solve_seconds;
  report.backward_error = stats.backward_error;
  report.refinement_steps = stats.refinement_steps;
  report.peak_memory_mb = stats.peak_memory_mb;
  report.total_memory_mb = stats.total_memory_mb;
  report.ordering = stats.ordering;
  if (!stats.ordering_choice.empty()) report.ordering += " (best of " + stats.ordering_choice + ")";
  report.factor_flops = stats.factor_flops;
  report.replaced_pivots = stats.replaced_pivots;
  if (rank == 0 && exact) {
    double worst = 0;
    for (std::size_t i = 0; i < exact->size(); ++i) {
      worst = std::max(worst, static_cast<double>(std::abs(x.data[i] - (*exact)[i])));
    }
    report.forward_error = worst;
  }
  if (rank == 0 && !settings.out_path.empty()) {
    lupine::write_matrix_market_dense(
        settings.out_path, x,
        "solution computed by lupine-solve --distributed for " + settings.matrix_path);
  }
  return kExitOk;
}
#else
template <class Scalar>
int run_distributed(const Settings&, Report&, const lupine::CscMatrix<Scalar>&,
                    const lupine::DenseMatrix<Scalar>&, const std::optional<std::vector<Scalar>>&) {
  throw lupine::Error(lupine::ErrorKind::unsupported,
                      "--distributed needs a build with MPI: configure with -DLUPINE_WITH_MPI=ON "
                      "(docs/distributed.md)");
}
#endif

template <class Scalar>
int run(const Settings& settings, Report& report) {
  using clock = std::chrono::steady_clock;
  constexpr bool complex = !std::is_same<Scalar, double>::value;
  report.field = complex ? "complex" : "real";
  lupine::CscMatrix<Scalar> a;
  read_into(settings.matrix_path, a);
  report.n = a.rows();
  report.nnz = a.nnz();
  if (!a.is_square()) {
    throw lupine::Error(lupine::ErrorKind::dimension_mismatch,
                        settings.matrix_path + ": matrix is " + std::to_string(a.rows()) + " x " +
                            std::to_string(a.cols()) + ", lupine-solve needs a square matrix");
  }

  lupine::DenseMatrix<Scalar> b;
  std::optional<std::vector<Scalar>> exact;
  const std::string rhs_path =
      settings.rhs_path.empty() ? companion_rhs_path(settings.matrix_path) : settings.rhs_path;
  if (!rhs_path.empty()) {
    // A real right-hand side file is read into a complex b for a complex matrix.
    b = lupine::read_matrix_market_dense<Scalar>(rhs_path);
    if (b.rows != a.rows()) {
      throw lupine::Error(lupine::ErrorKind::invalid_argument,
                          rhs_path + ": right-hand side has " + std::to_string(b.rows) +
                              " rows, the matrix has " + std::to_string(a.rows()));
    }
    report.rhs_source = rhs_path;
  }
  // b = A * ones costs three vectors of order n: made after analysis has accepted the
  // matrix, so that a huge declared order with few entries is refused without them.
  const auto make_rhs_from_ones = [&] {
    if (!rhs_path.empty()) return;
    exact = std::vector<Scalar>(static_cast<std::size_t>(a.rows()), Scalar(1));
    b = lupine::DenseMatrix<Scalar>(a.rows(), 1);
    b.data = lupine::multiply(a, *exact, settings.transpose);
    report.rhs_source = operator_name(settings.transpose, complex) + " * ones";
  };

  if (settings.distributed) {
    make_rhs_from_ones();
    return run_distributed(settings, report, a, b, exact);
  }

  auto start = clock::now();
  const lupine::Symbolic<> symbolic = lupine::analyze(a, settings.options);
  report.analyze_s = seconds_since(start);
  make_rhs_from_ones();
  start = clock::now();
  lupine::Numeric<Scalar> numeric(symbolic, a, settings.options);
  report.factor_s = seconds_since(start);
  start = clock::now();
  numeric.refactor(a);
  report.refactor_s = seconds_since(start);
  report.lu_nnz = numeric.stats().lu_nnz;

  lupine::DenseMatrix<Scalar> x(b.rows, b.cols);
  auto workspace = numeric.make_workspace(static_cast<int>(b.cols));
  start = clock::now();
  const lupine::SolveReport solved =
      numeric.solve(b.data.data(), x.data.data(), static_cast<int>(b.cols),
                    std::max<int>(a.rows(), 1), settings.transpose, settings.refine, workspace);
  report.solve_s = seconds_since(start);
  report.backward_error =
      settings.refine > 0
          ? solved.backward_error
          : numeric.backward_error(b.data.data(), x.data.data(), static_cast<int>(b.cols),
                                   std::max<int>(a.rows(), 1), settings.transpose);
  report.refinement_steps = solved.refinement_steps;
  // After the timed solve: about ten more solves, which the solve time should not include.
  report.condition = numeric.condition_estimate().condition;
  const lupine::DeterminantOf<Scalar> determinant = numeric.determinant();
  report.determinant_sign = determinant.sign;
  report.log_abs_determinant = determinant.log_abs;
  if (exact) {
    double worst = 0;
    for (std::size_t i = 0; i < exact->size(); ++i) {
      worst = std::max(worst, static_cast<double>(std::abs(x.data[i] - (*exact)[i])));
    }
    report.forward_error = worst;
  }
  if (!settings.out_path.empty()) {
    lupine::write_matrix_market_dense(
        settings.out_path, x, "solution computed by lupine-solve for " + settings.matrix_path);
  }
  return kExitOk;
}

// The library counts rows and columns from 0; the files count from 1.
std::string in_file_numbering(const lupine::Error& error) {
  const bool singular = error.kind() == lupine::ErrorKind::structurally_singular ||
                        error.kind() == lupine::ErrorKind::numerically_singular;
  if (!singular || (error.row() < 0 && error.column() < 0)) return "";
  std::string where;
  if (error.row() >= 0) where = "row " + std::to_string(error.row() + 1);
  if (error.column() >= 0) {
    where +=
        (where.empty() ? "" : ", ") + std::string("column ") + std::to_string(error.column() + 1);
  }
  return " (numbered from 0; in the file's numbering: " + where + ")";
}

int run(const Settings& settings, Report& report) {
  if (lupine_apps::is_complex_matrix_file(settings.matrix_path)) {
    return run<std::complex<double>>(settings, report);
  }
  return run<double>(settings, report);
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  std::string ordering = "auto";
  std::string path = "auto";
  std::string scaling = "max";
  std::string matching = "structural";
  std::string transpose = "no";
  po::options_description visible(
      "Usage: lupine-solve A.mtx[.gz] [options]\n\n"
      "Solves A x = b by sparse LU. Without --rhs the right-hand side is <name>_b.mtx[.gz]\n"
      "beside the matrix when present, else b = A*ones (then the forward error is reported).\n"
      "Pattern-only matrices get deterministic values (see lupine::assign_pattern_values).\n"
      "A complex file (Matrix Market field 'complex', Rutherford-Boeing type C..) is solved\n"
      "in complex arithmetic; its right-hand side file may be real or complex.\n\n"
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
      "pivot threshold tau in [0, 1]")("scaling",
                                       po::value<std::string>(&scaling)->default_value("max"),
                                       "row scaling: none, max or sum")(
      "matching", po::value<std::string>(&matching)->default_value("structural"),
      "diagonal pairing: structural, or max_product (the largest product of magnitudes)")(
      "no-btf", "do not permute to block triangular form")(
      "threads", po::value<int>(&settings.options.threads)->default_value(0),
      "factorization threads (0 = all cores)")("refine",
                                               po::value<int>(&settings.refine)->default_value(2),
                                               "maximum iterative refinement steps")(
      "transpose", po::value<std::string>(&transpose)->value_name("[WORD]"),
      "alone or 'yes': solve A^T x = b; 'conjugate': A^H x = b (the same as A^T for a real "
      "matrix); 'no': A x = b")("json", "print one JSON object instead of the table")(
      "distributed",
      "solve with the MPI distributed solver (MUMPS), under mpirun -np N; needs a build "
      "with -DLUPINE_WITH_MPI=ON")("spread",
                                   "with --distributed: give the matrix as entries spread over "
                                   "the ranks, b and x in row blocks (default: whole on rank 0)")(
      "distributed-ordering", po::value<std::string>(&settings.distributed_ordering),
      "with --distributed: MUMPS's ordering, auto, metis, scotch, pord, amd, amf, lupine "
      "(Lupine's own analysis given as MUMPS's pivot order) or best (both, keeping the one "
      "predicting fewer flops)")(
      "distributed-backend", po::value<std::string>(&settings.distributed_backend),
      "with --distributed: mumps (the default) or superlu_dist (its orderings "
      "auto (METIS on A + A^T), metis, amd (its MMD) or lupine)");
  po::options_description hidden;
  hidden.add_options()("matrix", po::value<std::string>(&settings.matrix_path));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("matrix", 1);
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(with_transpose_values(argc, argv))
                  .options(all)
                  .positional(positional)
                  .run(),
              vm);
    if (vm.count("help")) {
      std::cout << visible << "\n";
      return kExitOk;
    }
    po::notify(vm);
    if (settings.matrix_path.empty()) throw po::error("missing the matrix file argument");
    settings.options.ordering = parse_ordering(ordering);
    settings.options.path = parse_path(path);
    settings.options.scaling = parse_scaling(scaling);
    settings.options.matching = parse_matching(matching);
    settings.options.btf = vm.count("no-btf") == 0;
    settings.transpose = parse_transpose(transpose);
    settings.json = vm.count("json") > 0;
    settings.distributed = vm.count("distributed") > 0;
    settings.spread = vm.count("spread") > 0;
    if (settings.spread && !settings.distributed) throw po::error("--spread needs --distributed");
    if (settings.refine < 0) throw po::error("--refine must be >= 0");
    settings.options.validate();
  } catch (const po::error& error) {
    std::cerr << "lupine-solve: " << error.what() << "\nTry 'lupine-solve --help'.\n";
    return kExitUsage;
  } catch (const lupine::Error& error) {
    std::cerr << "lupine-solve: " << error.what() << "\n";
    return kExitUsage;
  }

#ifdef LUPINE_WITH_MPI
  if (settings.distributed) {
    MPI_Init(&argc, &argv);
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    printing_rank = rank == 0;
  }
#endif
  Report report;
  int code = kExitOk;
  try {
    code = run(settings, report);
  } catch (const lupine::Error& error) {
    report.status = lupine::to_string(error.kind());
    report.message = error.what() + in_file_numbering(error);
    code = exit_code_for(error.kind());
  } catch (const std::bad_alloc&) {
    report.status = lupine::to_string(lupine::ErrorKind::out_of_memory);
    report.message = "out of memory";
    code = kExitNumerical;
  }
  print_report(settings, report);
#ifdef LUPINE_WITH_MPI
  if (settings.distributed) MPI_Finalize();
#endif
  return code;
}
