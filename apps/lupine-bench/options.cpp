#include "options.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <initializer_list>
#include <sstream>
#include <thread>

#include "adapter.hpp"

namespace lupine_bench {
namespace {

namespace po = boost::program_options;

const char* const usage_line =
    "Usage: lupine-bench [options] INPUT...\n"
    "\n"
    "Benchmarks Lupine side by side with KLU, UMFPACK and MUMPS on the same matrices, in the\n"
    "same run, and prints one row per (matrix, solver) followed by a summary of the time\n"
    "ratios of Lupine to each peer.\n"
    "\n"
    "INPUT is a matrix file (.mtx, .mtx.gz, .rb, .rua, .rsa, .pua, .psa, .cua, .csa, .cha;\n"
    "real or complex), a directory (searched recursively), or a MANIFEST.tsv listing files\n"
    "with a 'file' column and an optional 'group' column.\n";

const char* const details =
    "Inputs\n"
    "  The group of a matrix is the manifest's 'group' column, else its folder's name.\n"
    "  <name>_b.mtx[.gz] beside <name>.mtx[.gz] is the right-hand side of <name>, never a\n"
    "  matrix; without one, b = A * ones. Further right-hand sides (--rhs) are A * v with v\n"
    "  from a seeded generator. Pattern-only matrices get lupine::assign_pattern_values, the\n"
    "  values lupine-solve uses.\n"
    "  Files <base>_seq01, <base>_seq02, ... in one folder form a same-pattern sequence,\n"
    "  benchmarked as one matrix named <base>: analysis, factorization and solves use\n"
    "  seq01 and its right-hand side; refactorization call k (k = 1..K) uses the values of\n"
    "  member k+1, wrapping around to seq01 after the last member. Other matrices are\n"
    "  refactored with perturbed values a_ij * (1 + 1e-3 u), u uniform in [-1, 1) from a\n"
    "  seeded generator. Every solver gets the same matrix, right-hand sides and values.\n"
    "\n"
    "Complex matrices\n"
    "  A complex file (Matrix Market field complex, Rutherford-Boeing type C..) runs in\n"
    "  complex arithmetic: Lupine's Numeric<std::complex<double>>, KLU's klu_z_factor,\n"
    "  klu_z_refactor and klu_z_solve (klu_analyze reads only the pattern), UMFPACK's\n"
    "  umfpack_zi_* in packed form (values interleaved, Az = NULL) and MUMPS's zmumps_c;\n"
    "  its rows have field 'complex', its refactorization values are a_ij * (1 + 1e-3 u) as\n"
    "  above, and a real <name>_b file is taken as complex. --complex-shift OMEGA also runs\n"
    "  every real matrix as A + i OMEGA C, C_ij = s_ij |a_ij| on the pattern of A, s_ij in\n"
    "  [-1, 1) a deterministic pseudo-random value of (row, col) alone (SplitMix64 of the\n"
    "  0-based indices): the shape of a circuit simulator's AC matrix G + i omega C or of a\n"
    "  damped frequency-domain FEM matrix, with a shift as large as A itself at OMEGA = 1.\n"
    "  The same shift goes onto every refactorization's values (perturbed or the next\n"
    "  sequence member); right-hand sides from a <name>_b file are kept, the others are\n"
    "  recomputed as the shifted A times the same vectors. Such rows have field 'complex'\n"
    "  and complex_shift OMEGA. --complex-only skips the real runs.\n"
    "\n"
    "Measurement\n"
    "  Each (matrix, solver) runs in its own child process, so a crash or --timeout ends\n"
    "  only that row, and peak_rss_bytes is the child's peak resident set (it includes the\n"
    "  matrix and vectors the bench holds, the same for every solver). A repetition is a\n"
    "  fresh analyze, factor, --rhs solves and --refactor refactorizations; analyze_s and\n"
    "  factor_s are medians over the repetitions (--repeat, more while they add up to less\n"
    "  than --min-time), refactor_s and solve_s medians over\n"
    "  all calls. Peers run with their default settings on one thread: KLU (klu_analyze,\n"
    "  klu_factor, klu_refactor, klu_solve), UMFPACK (symbolic, numeric, refactor = numeric\n"
    "  with the kept symbolic analysis, wsolve with its default iterative refinement), MUMPS\n"
    "  sequential (JOB=1, 2, 3; refactor = JOB=2 with the kept analysis; a factorization\n"
    "  whose workspace estimate is too small is retried with ICNTL(14) doubled, as its\n"
    "  guide advises, inside the timed call). Lupine runs analyze, the Numeric\n"
    "  constructor, Numeric::refactor and Numeric::solve with --lupine-refine steps,\n"
    "  Options::path from --lupine-path and Options::ordering from --lupine-ordering,\n"
    "  every other option at its default.\n"
    "  Before the first matrix, single-threaded DGEMM is timed once (--gemm, the default\n"
    "  when Lupine runs; about 0.1 s), so every row of a run shares one figure; it runs in\n"
    "  a child of its own, as OpenBLAS's buffers would otherwise stay resident in the\n"
    "  parent and count in every later child's peak_rss_bytes. 'dense kernels: ...' before\n"
    "  the table, and 'blas' and 'dgemm_gflops' in the JSON settings, give it with the\n"
    "  BLAS library Lupine calls.\n"
    "\n"
    "Columns\n"
    "  lu_nnz is nnz(L+U) with the unit diagonal of L not counted: KLU lnz + unz - n +\n"
    "  nzoff; UMFPACK lnz + unz - n (umfpack_di_get_lunz); MUMPS INFOG(29), the entries\n"
    "  it stores in its dense frontal factor blocks (so it counts zeros inside fronts);\n"
    "  Lupine Stats::lu_nnz. factor_flops is each solver's own count: klu_flops, UMFPACK\n"
    "  Info[UMFPACK_FLOPS], MUMPS RINFOG(3), Lupine Stats::factor_flops.\n"
    "  path and ordering are the --lupine-path and --lupine-ordering words of Lupine's\n"
    "  rows (empty for the peers); delayed_pivots (Stats::delayed_pivots, columns passed\n"
    "  from a front to its parent, of the first factorization) and supernodal_blocks\n"
    "  (Stats::supernodal_blocks, the BTF blocks analysis gave the supernodal path) are\n"
    "  Lupine's, empty (not measured) for the peers. field ('real' or 'complex') and\n"
    "  complex_shift (OMEGA of --complex-shift, empty for a matrix as read) come after them;\n"
    "  CSV files written before these columns are still read by --summarize (their rows as\n"
    "  real, and as Lupine at auto, auto without the four).\n"
    "  The table shows them as Lupine's solver name (lupine[path=supernodal,ordering=nd];\n"
    "  plain lupine at auto, auto) and the sn_blocks and delayed columns.\n"
    "  backward_error is computed by the bench for every solver alike: the componentwise\n"
    "  max_i |b - A x|_i / (|A| |x| + |b|)_i (moduli for complex values), the largest over\n"
    "  the right-hand sides and a\n"
    "  solve after the last refactorization (of b against the last refactored values).\n"
    "  status is 'ok' or why not: a lupine::ErrorKind name (structurally_singular,\n"
    "  numerically_singular, unsupported, out_of_memory, parse_error, file_error, ...),\n"
    "  'timeout', 'crashed' (the child died), 'inaccurate' (the normwise backward error\n"
    "  ||b - A x|| / (||A|| ||x|| + ||b||), infinity norms, above 1e-6 or not finite: x is\n"
    "  no solution) or 'skipped' (over --max-nnz).\n"
    "\n"
    "Summary\n"
    "  Per Lupine variant (thread count, path, ordering), group (and all groups) and phase\n"
    "  (analyze, factor, refactor, solve, analyze+factor): the geometric mean of\n"
    "  time(Lupine)/time(peer) over the matrices where both are ok (lower is better), on\n"
    "  how many matrices Lupine is the fastest, its worst ratio and where, the geometric\n"
    "  mean of lu_nnz ratios, and every failure. A peer with several rows for one matrix\n"
    "  counts with its fastest. Complex rows are compared apart from real ones, in groups\n"
    "  named <group>/complex and all/complex.\n"
    "  Lupine rows with other --lupine-path or --lupine-ordering settings are compared\n"
    "  apart and named like lupine[path=column]. Then, per group, the factorization\n"
    "  speed factor_flops / factor_s in GFLOP/s: 'Lupine factor ... median, ... max\n"
    "  (..% of DGEMM ..) on <matrix>' over Lupine's ok matrices (the percentage when DGEMM\n"
    "  was timed or given with --dgemm-gflops), and a 'peers' line with median / max for\n"
    "  each peer over the same matrices, each by its own flop count (MUMPS counts zeros\n"
    "  inside its fronts).\n"
    "\n"
    "Exit status: 0 when the run completes (failed rows included), 1 when an output file\n"
    "cannot be written, 2 for a bad command line.\n";

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream stream(text);
  while (std::getline(stream, part, ',')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

std::string join(const std::vector<std::string>& words, const char* separator) {
  std::string text;
  for (const std::string& word : words) {
    if (!text.empty()) text += separator;
    text += word;
  }
  return text;
}

int default_threads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

void require_at_least(const char* option, long long value, long long minimum) {
  if (value < minimum) {
    throw UsageError("--" + std::string(option) + " must be at least " + std::to_string(minimum) +
                     ", got " + std::to_string(value));
  }
}

/// The Lupine enumerator whose to_string is `text`, from `choices`.
template <class Enum>
Enum parse_word(const char* option, const std::string& text, std::initializer_list<Enum> choices) {
  std::string words;
  std::size_t k = 0;
  for (const Enum choice : choices) {
    if (text == lupine::to_string(choice)) return choice;
    words += (k == 0 ? "" : k + 1 == choices.size() ? " or " : ", ");
    words += lupine::to_string(choice);
    ++k;
  }
  throw UsageError("--" + std::string(option) + " must be " + words + ", got '" + text + "'");
}

}  // namespace

CommandLine parse_command_line(int argc, const char* const argv[]) {
  CommandLine command_line;
  Options& options = command_line.options;
  options.threads = default_threads();
  std::string solvers = join(known_solvers(), ",");
  std::string path = lupine::to_string(options.lupine_path);
  std::string ordering = lupine::to_string(options.lupine_ordering);
  std::string matching = lupine::to_string(options.lupine_matching);
  bool gemm = false, no_gemm = false;

  // Wide enough that the long defaults (the solver list) do not push every description down.
  po::options_description described("Options", 100, 46);
  // clang-format off
  described.add_options()
    ("help,h", "print this help and exit")
    ("solvers", po::value<std::string>(&solvers)->default_value(solvers),
     "comma-separated solvers to run, from: lupine, klu, umfpack, mumps")
    ("threads", po::value<int>(&options.threads)->default_value(options.threads),
     "worker threads for Lupine (default: all cores); the peers always run on one thread")
    ("repeat", po::value<int>(&options.repeat)->default_value(options.repeat),
     "timed repetitions per matrix and solver at least; times are medians")
    ("min-time", po::value<double>(&options.min_seconds)->default_value(options.min_seconds),
     "keep repeating (up to 200 repetitions) until the repetitions of one matrix and solver "
     "add up to this many seconds, so that microsecond phases get a stable median")
    ("refactor", po::value<int>(&options.refactor)->default_value(options.refactor),
     "same-pattern refactorizations per repetition (perturbed values, or the next members "
     "of a _seqNN sequence); refactor_s is per call; 0 skips the phase")
    ("rhs", po::value<int>(&options.rhs)->default_value(options.rhs),
     "right-hand sides solved one at a time after each factorization; solve_s is per call")
    ("timeout", po::value<double>(&options.timeout_seconds)->default_value(options.timeout_seconds),
     "seconds allowed per matrix and solver (all repetitions); the child is then killed and "
     "the row gets status 'timeout'; 0 means no limit")
    ("max-nnz", po::value<std::int64_t>(&options.max_nnz)->default_value(options.max_nnz),
     "skip matrices with more entries than this (after symmetric expansion); 0: no limit")
    ("csv", po::value<std::string>(&options.csv_path), "also write the rows as CSV to this file")
    ("json", po::value<std::string>(&options.json_path),
     "also write the rows, settings and summary as JSON to this file")
    ("format", po::value<std::string>(&options.format)->default_value(options.format),
     "what stdout gets: 'table' (rows, then the summary), 'csv' (rows only) or 'json'")
    ("quiet,q", po::bool_switch(&options.quiet),
     "no progress on stderr (by default a progress bar on a terminal, else one line per matrix)")
    ("lupine-refine", po::value<int>(&options.lupine_refine)->default_value(options.lupine_refine),
     "iterative refinement steps in Lupine's solve")
    ("lupine-threshold", po::value<double>(&options.lupine_threshold),
     "Lupine's pivot threshold (Options::pivot_threshold, in [0, 1]; default the library's)")
    ("lupine-rescale-on-refactor", po::bool_switch(&options.lupine_rescale_on_refactor),
     "Lupine's refactor recomputes the row scaling (Options::rescale_on_refactor)")
    ("lupine-path", po::value<std::string>(&path)->default_value(path),
     "Lupine's numeric path (Options::path): auto, column, dense or supernodal")
    ("lupine-matching", po::value<std::string>(&matching)->default_value(matching),
     "Lupine's transversal (Options::matching): structural or max_product")
    ("lupine-ordering", po::value<std::string>(&ordering)->default_value(ordering),
     "Lupine's fill-reducing ordering (Options::ordering): auto, amd, colamd, nd "
     "(nested dissection) or natural")
    ("gemm", po::bool_switch(&gemm),
     "time single-threaded DGEMM once before the run (about 0.1 s) for the summary's "
     "'% of DGEMM'; the default when Lupine is among --solvers")
    ("no-gemm", po::bool_switch(&no_gemm), "do not time DGEMM")
    ("dgemm-gflops", po::value<double>(&options.dgemm_gflops),
     "the DGEMM GFLOP/s the summary compares with, instead of timing it: for --summarize "
     "of a CSV, that run's figure (its 'dense kernels' line or JSON settings)")
    ("complex-shift", po::value<double>(&options.complex_shift),
     "also run every real matrix as the complex A + i OMEGA C, C_ij = s_ij |a_ij| with s_ij "
     "in [-1, 1) from (row, col) (see 'Complex matrices' below)")
    ("complex-only", po::bool_switch(&options.complex_only),
     "run only complex problems: complex files and, with --complex-shift, the shifted real "
     "matrices")
    ("distributed", po::bool_switch(&options.distributed),
     "under mpirun -np N: run mumps-mpi (MUMPS over MPI through lupine::DistributedSolver; "
     "or --solvers superlu-dist, or both) on every rank in step, in this process (no timeout); rows record ranks and threads "
     "per rank; needs a build with -DLUPINE_WITH_MPI=ON")
    ("summarize", po::value<std::string>(&options.summarize_path),
     "print the summary of an existing results CSV (for example two runs at different thread "
     "counts concatenated) and exit; INPUTs are then not allowed");
  // clang-format on
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::vector<std::string>>(&options.inputs));
  po::options_description all;
  all.add(described).add(hidden);
  po::positional_options_description positional;
  positional.add("input", -1);

  po::variables_map values;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
              values);
    po::notify(values);
  } catch (const po::error& error) {
    throw UsageError(error.what());
  }

  if (values.count("help")) {
    std::ostringstream text;
    text << usage_line << '\n' << described << '\n' << details;
    command_line.help = true;
    command_line.help_text = text.str();
    return command_line;
  }

#ifndef LUPINE_WITH_MPI
  if (options.distributed) {
    throw UsageError(
        "--distributed needs a build with MPI: configure with -DLUPINE_WITH_MPI=ON "
        "(docs/distributed.md)");
  }
#endif
  // --distributed runs the distributed solver alone: an in-process solver would run once per
  // rank, the ranks competing for the cores (run those without mpirun).
  if (options.distributed && values["solvers"].defaulted()) solvers = "mumps-mpi";
  options.solvers = split_commas(solvers);
  if (options.solvers.empty()) throw UsageError("--solvers names no solver");
  for (const std::string& name : options.solvers) {
    const bool distributed_solver = name == "mumps-mpi" || name == "superlu-dist";
    if (options.distributed && !distributed_solver) {
      throw UsageError("--distributed runs mumps-mpi and superlu-dist only, not '" + name +
                       "' (in-process solvers would run once per rank: run them in a "
                       "lupine-bench without mpirun)");
    }
#ifdef LUPINE_WITH_MPI
    if (name == "mumps") {
      throw UsageError(
          "this lupine-bench is built with MPI (LUPINE_WITH_MPI), which leaves the sequential "
          "MUMPS baseline out (both MUMPS libraries export the same symbols): use mumps-mpi "
          "with --distributed under mpirun, or a lupine-bench built without MPI");
    }
#endif
    if (!options.distributed && distributed_solver) {
      throw UsageError(name + " needs --distributed (under mpirun -np N)");
    }
  }
  std::vector<std::string> known = known_solvers();
  if (options.distributed) {
    known.push_back("mumps-mpi");
    known.push_back("superlu-dist");
  }
  for (std::size_t k = 0; k < options.solvers.size(); ++k) {
    const std::string& name = options.solvers[k];
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw UsageError("--solvers: unknown solver '" + name + "' (known: " + join(known, ", ") +
                       ")");
    }
    if (std::find(options.solvers.begin(), options.solvers.begin() + k, name) !=
        options.solvers.begin() + k) {
      throw UsageError("--solvers: '" + name + "' is listed twice");
    }
  }
  require_at_least("threads", options.threads, 1);
  require_at_least("repeat", options.repeat, 1);
  if (!(options.min_seconds >= 0)) {
    throw po::error("--min-time must be >= 0, got " + std::to_string(options.min_seconds));
  }
  require_at_least("refactor", options.refactor, 0);
  require_at_least("rhs", options.rhs, 1);
  require_at_least("max-nnz", options.max_nnz, 0);
  require_at_least("lupine-refine", options.lupine_refine, 0);
  if (values.count("lupine-threshold") &&
      !(options.lupine_threshold >= 0 && options.lupine_threshold <= 1)) {
    throw UsageError("--lupine-threshold must be in [0, 1], got " +
                     std::to_string(options.lupine_threshold));
  }
  if (!(options.timeout_seconds >= 0) || options.timeout_seconds > 1e9) {
    throw UsageError("--timeout must be between 0 (no limit) and 1e9 seconds");
  }
  if (options.format != "table" && options.format != "csv" && options.format != "json") {
    throw UsageError("--format must be table, csv or json, got '" + options.format + "'");
  }
  options.lupine_path = parse_word("lupine-path", path,
                                   {lupine::FactorPath::automatic, lupine::FactorPath::column,
                                    lupine::FactorPath::dense, lupine::FactorPath::supernodal});
  options.lupine_ordering =
      parse_word("lupine-ordering", ordering,
                 {lupine::Ordering::automatic, lupine::Ordering::amd, lupine::Ordering::colamd,
                  lupine::Ordering::nested_dissection, lupine::Ordering::natural});
  options.lupine_matching = parse_word(
      "lupine-matching", matching, {lupine::Matching::structural, lupine::Matching::max_product});
  if (values.count("complex-shift") > 0 &&
      !(std::isfinite(options.complex_shift) && std::abs(options.complex_shift) < 1e150)) {
    throw UsageError("--complex-shift must be a finite number, got " +
                     std::to_string(options.complex_shift));
  }
  if (gemm && no_gemm) throw UsageError("--gemm and --no-gemm exclude each other");
  const bool dgemm_given = values.count("dgemm-gflops") > 0;
  if (dgemm_given && !(options.dgemm_gflops > 0 && options.dgemm_gflops < 1e9)) {
    throw UsageError("--dgemm-gflops must be a positive figure, got " +
                     std::to_string(options.dgemm_gflops));
  }
  if (dgemm_given && gemm) throw UsageError("--gemm and --dgemm-gflops exclude each other");
  const bool runs_lupine =
      std::find(options.solvers.begin(), options.solvers.end(), "lupine") != options.solvers.end();
  options.measure_gemm =
      options.summarize_path.empty() && !dgemm_given && !no_gemm && (gemm || runs_lupine);
  if (!options.summarize_path.empty()) {
    if (!options.inputs.empty()) throw UsageError("--summarize takes no INPUT");
  } else if (options.inputs.empty()) {
    throw UsageError("no INPUT given (a matrix file, a directory or a MANIFEST.tsv)");
  }
  return command_line;
}

}  // namespace lupine_bench
