#include "runner.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "lupine/error.hpp"
#include "lupine/solver.hpp"

extern "C" void openblas_set_num_threads(int threads);

namespace lupine_bench {
namespace {

using Clock = std::chrono::steady_clock;

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

std::string exact(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

double parse_double(const std::string& text) {
  // strtod reads "nan" and "inf", which the stream extraction operators do not.
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0') throw std::runtime_error("bad number '" + text + "'");
  return value;
}

/// Writes all of `text`; the child has nothing better to do on failure than to exit.
void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t written = ::write(fd, text.data() + done, text.size() - done);
    if (written < 0) {
      if (errno == EINTR) continue;
      return;
    }
    done += static_cast<std::size_t>(written);
  }
}

template <class Scalar>
[[noreturn]] void child_main(int fd, const ProblemOf<Scalar>& problem, const std::string& solver,
                             const MeasureSettings& settings) {
  // The peers are measured single-threaded, and Lupine runs BLAS inside its own tasks, so
  // OpenBLAS's thread pool must not compete with either.
  openblas_set_num_threads(1);
  // Whatever a solver prints must not mix with the rows on stdout (--format csv, json).
  const int null_device = ::open("/dev/null", O_WRONLY);
  if (null_device >= 0) ::dup2(null_device, STDOUT_FILENO);
  Row row;
  try {
    row = measure(problem, solver, settings);
  } catch (...) {
    row.status = lupine::to_string(lupine::ErrorKind::internal);
    row.message = "unexpected exception";
  }
  write_all(fd, serialize_row(row));
  ::close(fd);
  // _exit: the child must not run the parent's atexit handlers or flush its stdio buffers.
  ::_exit(0);
}

std::string describe_signal(int signal_number) {
  const char* name = ::strsignal(signal_number);
  std::string text = "killed by signal " + std::to_string(signal_number);
  if (name != nullptr) text += std::string(" (") + name + ")";
  if (signal_number == SIGKILL) text += "; perhaps out of memory";
  return text;
}

Row row_template(const MatrixInput& input, std::int64_t n, std::int64_t nnz) {
  Row row;
  row.matrix = input.name;
  row.group = input.group;
  row.n = n;
  row.nnz = nnz;
  return row;
}

/// Which runs a matrix gets; a failure before any of them is recorded for each.
struct Runs {
  bool real = false;
  bool complex = false;  // a complex file, or the complex-shifted version of a real one
};

// Forks a child connected to the parent by a pipe: the child keeps the write end, the parent
// the read end (`channel` in both). Buffered output is flushed first; it would otherwise be
// written twice, once by each process. Returns the child's pid in the parent and 0 in the
// child; -1 when pipe or fork failed, with `error` saying which and why.
pid_t fork_with_pipe(int& channel, std::string& error) {
  int fds[2];
  if (::pipe(fds) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return -1;
  }
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    error = std::string("fork: ") + std::strerror(errno);
    ::close(fds[0]);
    ::close(fds[1]);
    return -1;
  }
  ::close(pid == 0 ? fds[0] : fds[1]);
  channel = pid == 0 ? fds[1] : fds[0];
  return pid;
}

}  // namespace

double measure_dgemm_gflops() {
  int channel = -1;
  std::string error;
  const pid_t pid = fork_with_pipe(channel, error);
  if (pid < 0) return 0;
  if (pid == 0) {
    openblas_set_num_threads(1);
    write_all(channel, exact(lupine::dense_kernels(true).dgemm_gflops));
    ::close(channel);
    ::_exit(0);
  }
  std::string received;
  char buffer[256];
  for (;;) {
    const ssize_t got = ::read(channel, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    received.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(channel);
  int wait_status = 0;
  while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0) return 0;
  try {
    const double gflops = parse_double(received);
    return std::isfinite(gflops) && gflops > 0 ? gflops : 0;
  } catch (const std::runtime_error&) {
    return 0;
  }
}

std::string serialize_row(const Row& row) {
  std::ostringstream out;
  out << "status\t" << one_line(row.status) << '\n'
      << "message\t" << one_line(row.message) << '\n'
      << "threads\t" << row.threads << '\n'
      << "analyze_s\t" << exact(row.analyze_s) << '\n'
      << "factor_s\t" << exact(row.factor_s) << '\n'
      << "refactor_s\t" << exact(row.refactor_s) << '\n'
      << "solve_s\t" << exact(row.solve_s) << '\n'
      << "lu_nnz\t" << row.lu_nnz << '\n'
      << "factor_flops\t" << exact(row.factor_flops) << '\n'
      << "backward_error\t" << exact(row.backward_error) << '\n'
      << "delayed_pivots\t" << row.delayed_pivots << '\n'
      << "supernodal_blocks\t" << row.supernodal_blocks << '\n'
      << "end\t\n";
  return out.str();
}

Row deserialize_row(const std::string& text) {
  Row row;
  std::istringstream in(text);
  std::string line;
  bool ended = false;
  while (std::getline(in, line)) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) throw std::runtime_error("bad result line '" + line + "'");
    const std::string key = line.substr(0, tab);
    const std::string value = line.substr(tab + 1);
    if (key == "status") {
      row.status = value;
    } else if (key == "message") {
      row.message = value;
    } else if (key == "threads") {
      row.threads = std::stoi(value);
    } else if (key == "analyze_s") {
      row.analyze_s = parse_double(value);
    } else if (key == "factor_s") {
      row.factor_s = parse_double(value);
    } else if (key == "refactor_s") {
      row.refactor_s = parse_double(value);
    } else if (key == "solve_s") {
      row.solve_s = parse_double(value);
    } else if (key == "lu_nnz") {
      row.lu_nnz = std::stoll(value);
    } else if (key == "factor_flops") {
      row.factor_flops = parse_double(value);
    } else if (key == "backward_error") {
      row.backward_error = parse_double(value);
    } else if (key == "delayed_pivots") {
      row.delayed_pivots = std::stoll(value);
    } else if (key == "supernodal_blocks") {
      row.supernodal_blocks = std::stoll(value);
    } else if (key == "end") {
      ended = true;
    } else {
      throw std::runtime_error("unknown result field '" + key + "'");
    }
  }
  if (!ended) throw std::runtime_error("truncated result");
  return row;
}

template <class Scalar>
Row run_in_child(const ProblemOf<Scalar>& problem, const std::string& solver,
                 const MeasureSettings& settings, double timeout_seconds) {
  Row row;
  row.matrix = problem.name;
  row.group = problem.group;
  row.n = problem.matrix.rows();
  row.nnz = problem.matrix.nnz();
  row.field = field_name<Scalar>();
  row.complex_shift = problem.complex_shift;
  row.solver = solver;
  row.threads = solver == "lupine" ? settings.lupine_threads : 1;
  row.threads_per_rank = row.threads;
  if (solver == "lupine") {
    row.path = lupine::to_string(settings.lupine_path);
    row.ordering = lupine::to_string(settings.lupine_ordering);
  }

  int channel = -1;
  std::string error;
  const pid_t pid = fork_with_pipe(channel, error);
  if (pid < 0) {
    row.status = lupine::to_string(lupine::ErrorKind::internal);
    row.message = error;
    return row;
  }
  if (pid == 0) child_main(channel, problem, solver, settings);

  const Clock::time_point deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(timeout_seconds > 0 ? timeout_seconds : 0));
  std::string received;
  bool timed_out = false;
  char buffer[4096];
  for (;;) {
    int wait_ms = -1;
    if (timeout_seconds > 0) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        timed_out = true;
        break;
      }
      wait_ms = static_cast<int>(std::min<long long>(left.count() + 1, 60000));
    }
    pollfd watch{channel, POLLIN, 0};
    const int ready = ::poll(&watch, 1, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (ready == 0) continue;
    const ssize_t got = ::read(channel, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (got == 0) break;  // the child closed its end: finished or died
    received.append(buffer, static_cast<std::size_t>(got));
  }
  if (timed_out) ::kill(pid, SIGKILL);
  ::close(channel);

  int wait_status = 0;
  rusage usage{};
  while (::wait4(pid, &wait_status, 0, &usage) < 0 && errno == EINTR) {
  }
  // Linux reports ru_maxrss in KiB.
  row.peak_rss_bytes = static_cast<std::int64_t>(usage.ru_maxrss) * 1024;

  if (timed_out) {
    row.status = status::timeout;
    row.message = "killed after " + exact(timeout_seconds) + " s";
    return row;
  }
  if (WIFSIGNALED(wait_status)) {
    row.status = status::crashed;
    row.message = describe_signal(WTERMSIG(wait_status));
    return row;
  }
  try {
    const Row result = deserialize_row(received);
    row.status = result.status;
    row.message = result.message;
    row.analyze_s = result.analyze_s;
    row.factor_s = result.factor_s;
    row.refactor_s = result.refactor_s;
    row.solve_s = result.solve_s;
    row.lu_nnz = result.lu_nnz;
    row.factor_flops = result.factor_flops;
    row.backward_error = result.backward_error;
    row.delayed_pivots = result.delayed_pivots;
    row.supernodal_blocks = result.supernodal_blocks;
  } catch (const std::exception& error) {
    row.status = status::crashed;
    row.message = "no result from the child (exit status " +
                  std::to_string(WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1) +
                  "): " + error.what();
  }
  return row;
}

template Row run_in_child<double>(const Problem&, const std::string&, const MeasureSettings&,
                                  double);
template Row run_in_child<Complex>(const ComplexProblem&, const std::string&,
                                   const MeasureSettings&, double);

template <class Scalar>
Row run_distributed(const ProblemOf<Scalar>& problem, const std::string& solver,
                    const MeasureSettings& settings, int ranks) {
  // In this process, on every rank in step: MPI and fork do not mix, and every rank must
  // make the same calls (measure's repetitions do not depend on the clock here).
  MeasureSettings same_on_every_rank = settings;
  same_on_every_rank.min_seconds = 0;
  Row row = measure(problem, solver, same_on_every_rank);
  row.matrix = problem.name;
  row.group = problem.group;
  row.n = problem.matrix.rows();
  row.nnz = problem.matrix.nnz();
  row.field = field_name<Scalar>();
  row.complex_shift = problem.complex_shift;
  row.solver = solver;
  row.ranks = ranks;
  row.threads_per_rank = 1;
  row.threads = ranks;
  return row;
}

template Row run_distributed<double>(const Problem&, const std::string&, const MeasureSettings&,
                                     int);
template Row run_distributed<Complex>(const ComplexProblem&, const std::string&,
                                      const MeasureSettings&, int);

int runs_per_matrix(const Options& options) {
  const bool shift = !std::isnan(options.complex_shift);
  return std::max((options.complex_only ? 0 : 1) + (shift ? 1 : 0), 1);
}

std::vector<Row> run_benchmark(const std::vector<MatrixInput>& matrices, const Options& options,
                               Progress& progress, const RowsDone& rows_done) {
  MeasureSettings settings;
  settings.repeat = options.repeat;
  settings.min_seconds = options.min_seconds;
  settings.lupine_threads = options.threads;
  settings.lupine_refine = options.lupine_refine;
  settings.lupine_threshold = options.lupine_threshold;
  settings.lupine_rescale_on_refactor = options.lupine_rescale_on_refactor;
  settings.lupine_path = options.lupine_path;
  settings.lupine_ordering = options.lupine_ordering;
  settings.lupine_matching = options.lupine_matching;
  const bool shift = !std::isnan(options.complex_shift);
  const std::size_t steps_per_matrix =
      options.solvers.size() * static_cast<std::size_t>(runs_per_matrix(options));

  std::vector<Row> rows;
  for (std::size_t m = 0; m < matrices.size(); ++m) {
    const MatrixInput& input = matrices[m];
    // The children inherit the parent's resident memory, which counts in their peak RSS;
    // giving the previous matrix's freed heap back keeps that baseline to this matrix.
    ::malloc_trim(0);
    progress.begin_matrix(m, input.name);
    std::vector<Row> matrix_rows;
    std::size_t steps = 0;
    Runs runs;
    runs.real = !options.complex_only;
    runs.complex = shift;
    bool complex_file = false;
    // Rows for every solver and run when the matrix itself cannot be run.
    const auto record_run = [&](bool complex, std::int64_t n, std::int64_t nnz,
                                const std::string& status, const std::string& message) {
      for (const std::string& solver : options.solvers) {
        Row row = row_template(input, n, nnz);
        row.solver = solver;
        row.threads = solver == "lupine" ? options.threads : 1;
        row.threads_per_rank = row.threads;
        if (options.distributed) {
          row.ranks = options.ranks;
          row.threads = options.ranks;
        }
        if (solver == "lupine") {
          row.path = lupine::to_string(options.lupine_path);
          row.ordering = lupine::to_string(options.lupine_ordering);
        }
        if (complex) {
          row.field = field_name<Complex>();
          row.complex_shift = complex_file ? not_measured : options.complex_shift;
        }
        row.status = status;
        row.message = message;
        matrix_rows.push_back(row);
        progress.finish_solver();
        ++steps;
      }
    };
    // Rows for every solver and run when the matrix itself cannot be run.
    const auto record_for_all = [&](std::int64_t n, std::int64_t nnz, const std::string& status,
                                    const std::string& message) {
      if (runs.real) record_run(false, n, nnz, status, message);
      if (runs.complex) record_run(true, n, nnz, status, message);
    };
    const auto run_solvers = [&](const auto& problem) {
      for (const std::string& solver : options.solvers) {
        progress.begin_solver(solver);
        matrix_rows.push_back(
            options.distributed ? run_distributed(problem, solver, settings, options.ranks)
                                : run_in_child(problem, solver, settings, options.timeout_seconds));
        progress.finish_solver();
        ++steps;
      }
    };
    Problem problem;
    ComplexProblem complex_problem;
    bool loaded = false;
    std::int64_t n = -1, nnz = -1;
    try {
      const MatrixPeek peek = peek_matrix(input.files.front());
      n = peek.n;
      nnz = peek.stored_entries;
      if (peek.complex) {
        // A complex file runs once, in complex arithmetic, as it is.
        complex_file = true;
        runs.real = false;
        runs.complex = true;
      }
      if (options.max_nnz > 0 && peek.known && peek.stored_entries > options.max_nnz) {
        record_for_all(n, nnz, status::skipped,
                       std::to_string(peek.stored_entries) + " entries > --max-nnz");
      } else if (!runs.real && !runs.complex) {
        // --complex-only without --complex-shift: a real matrix has nothing to run.
      } else {
        if (complex_file) {
          complex_problem = load_problem<Complex>(input, options.rhs, options.refactor);
          n = complex_problem.matrix.rows();
          nnz = complex_problem.matrix.nnz();
        } else {
          problem = load_problem<double>(input, options.rhs, options.refactor);
          n = problem.matrix.rows();
          nnz = problem.matrix.nnz();
        }
        if (options.max_nnz > 0 && nnz > options.max_nnz) {
          record_for_all(n, nnz, status::skipped, std::to_string(nnz) + " entries > --max-nnz");
        } else {
          loaded = true;
        }
      }
    } catch (const lupine::Error& error) {
      record_for_all(n, nnz, lupine::to_string(error.kind()), error.what());
    } catch (const std::bad_alloc&) {
      record_for_all(n, nnz, lupine::to_string(lupine::ErrorKind::out_of_memory),
                     "reading the matrix: std::bad_alloc");
    }
    if (loaded && runs.real) run_solvers(problem);
    if (loaded && runs.complex && !complex_file) {
      // Shifted after the real runs and without the real problem, so that each child's
      // peak RSS counts the bench's copy of its own problem only (as without the shift).
      try {
        complex_problem = complex_shifted(problem, options.complex_shift);
        problem = Problem();
        ::malloc_trim(0);
      } catch (const std::bad_alloc&) {
        loaded = false;
        record_run(true, n, nnz, lupine::to_string(lupine::ErrorKind::out_of_memory),
                   "shifting the matrix: std::bad_alloc");
      }
    }
    if (loaded && runs.complex) run_solvers(complex_problem);
    // A matrix with fewer runs than the others (a complex file among real ones) still moves
    // the progress by a whole matrix.
    for (; steps < steps_per_matrix; ++steps) progress.finish_solver();
    progress.end_matrix(matrix_rows);
    if (rows_done) rows_done(matrix_rows);
    rows.insert(rows.end(), matrix_rows.begin(), matrix_rows.end());
  }
  progress.done();
  return rows;
}

}  // namespace lupine_bench
