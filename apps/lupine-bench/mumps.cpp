// MUMPS, Debian's sequential build, with its default settings (unsymmetric, host working):
// dmumps_c for real matrices, zmumps_c for complex ones.
#include <dmumps_c.h>
#include <zmumps_c.h>

#include <algorithm>
#include <string>
#include <vector>

#include "adapter.hpp"
#include "lupine/error.hpp"

namespace lupine_bench {
namespace {

using lupine::Error;
using lupine::ErrorKind;

// MUMPS's C interface numbers its control and information arrays from 1, like Fortran.
constexpr int icntl(int k) {
  return k - 1;
}
constexpr int info(int k) {
  return k - 1;
}  // also RINFOG, INFOG

constexpr int job_init = -1;
constexpr int job_end = -2;
constexpr int job_analyze = 1;
constexpr int job_factor = 2;
constexpr int job_solve = 3;
constexpr int use_comm_world = -987654;  // the sequential library's stand-in communicator

/// INFO(1) values that mean a workspace estimated in analysis was too small; MUMPS's guide
/// answers them by raising ICNTL(14), the percentage added to the estimate.
bool workspace_too_small(int code) {
  return code == -8 || code == -9 || code == -14 || code == -15 || code == -17 || code == -20;
}

/// The real (DMUMPS) or complex (ZMUMPS) instance: its control structure, entry point and
/// value type. ZMUMPS_COMPLEX is a struct {double r, i;}, laid out as std::complex<double>.
template <class Scalar>
struct Mumps;

template <>
struct Mumps<double> {
  using Instance = DMUMPS_STRUC_C;
  using Value = DMUMPS_COMPLEX;  // double: MUMPS's name for the scalar of every arithmetic
  static void call(Instance* id) { dmumps_c(id); }
};

template <>
struct Mumps<Complex> {
  using Instance = ZMUMPS_STRUC_C;
  using Value = ZMUMPS_COMPLEX;
  static void call(Instance* id) { zmumps_c(id); }
};
static_assert(sizeof(Mumps<Complex>::Value) == sizeof(Complex), "ZMUMPS_COMPLEX is two doubles");

template <class Instance>
Error mumps_error(const Instance& id, const char* phase) {
  const int code = id.info[info(1)];
  const std::string where = std::string("MUMPS ") + phase + ": INFO(1)=" + std::to_string(code) +
                            " INFO(2)=" + std::to_string(id.info[info(2)]);
  switch (code) {
    case -6:
      return Error(ErrorKind::structurally_singular, where + " (structurally singular)");
    case -10:
      return Error(ErrorKind::numerically_singular, where + " (numerically singular)");
    case -5:
    case -7:
    case -13:
      return Error(ErrorKind::out_of_memory, where + " (allocation failed)");
    default:
      if (workspace_too_small(code)) {
        return Error(ErrorKind::out_of_memory, where + " (workspace too small)");
      }
      return Error(ErrorKind::internal, where);
  }
}

template <class Scalar>
class MumpsAdapter : public SolverAdapterOf<Scalar> {
  using Calls = Mumps<Scalar>;

 public:
  MumpsAdapter() {
    id_.par = 1;
    id_.sym = 0;
    id_.comm_fortran = use_comm_world;
    id_.job = job_init;
    Calls::call(&id_);
    if (id_.info[info(1)] < 0) throw mumps_error(id_, "initialization");
    initialized_ = true;
    // Silence error, diagnostic, statistics and warning output.
    id_.icntl[icntl(1)] = -1;
    id_.icntl[icntl(2)] = -1;
    id_.icntl[icntl(3)] = -1;
    id_.icntl[icntl(4)] = 0;
  }
  ~MumpsAdapter() override {
    if (initialized_) {
      id_.job = job_end;
      Calls::call(&id_);
    }
  }
  MumpsAdapter(const MumpsAdapter&) = delete;
  MumpsAdapter& operator=(const MumpsAdapter&) = delete;

  void analyze(const MatrixOf<Scalar>& matrix) override {
    matrix_ = &matrix;
    // The coordinate form MUMPS reads is built here, untimed: a MUMPS user assembles it
    // directly instead of converting from CSC.
    const std::int32_t n = matrix.cols();
    row_of_.resize(static_cast<std::size_t>(matrix.nnz()));
    column_of_.resize(row_of_.size());
    for (std::int32_t j = 0; j < n; ++j) {
      for (std::int32_t p = matrix.col_ptr()[j]; p < matrix.col_ptr()[j + 1]; ++p) {
        row_of_[static_cast<std::size_t>(p)] = matrix.row_indices()[p] + 1;
        column_of_[static_cast<std::size_t>(p)] = j + 1;
      }
    }
    id_.n = n;
    id_.nz = matrix.nnz();
    id_.nnz = matrix.nnz();
    id_.irn = row_of_.data();
    id_.jcn = column_of_.data();
    // Analysis by default computes a maximum weighted matching, which reads the values.
    set_values(matrix.values().data());
    run(job_analyze, "analysis");
  }

  void factor() override { factor_values(matrix_->values().data(), "factorization"); }

  void refactor(const Scalar* values) override { factor_values(values, "refactorization"); }

  void solve(const Scalar* b, Scalar* x) override {
    const std::int32_t n = matrix_->cols();
    std::copy(b, b + n, x);
    id_.rhs = reinterpret_cast<typename Calls::Value*>(x);
    id_.nrhs = 1;
    id_.lrhs = n;
    run(job_solve, "solve");
  }

  std::int64_t lu_nnz() override {
    // INFOG(29) counts millions of entries when negative.
    const std::int64_t count = id_.infog[info(29)];
    return count >= 0 ? count : -count * 1000000;
  }

  double factor_flops() override { return id_.rinfog[info(3)]; }

 private:
  // MUMPS takes a non-const pointer but does not write the matrix's values.
  void set_values(const Scalar* values) {
    id_.a = reinterpret_cast<typename Calls::Value*>(const_cast<Scalar*>(values));
  }

  void run(int job, const char* phase) {
    id_.job = job;
    Calls::call(&id_);
    if (id_.info[info(1)] < 0) throw mumps_error(id_, phase);
  }

  void factor_values(const Scalar* values, const char* phase) {
    set_values(values);
    for (int attempt = 0;; ++attempt) {
      id_.job = job_factor;
      Calls::call(&id_);
      const int code = id_.info[info(1)];
      if (code >= 0) return;
      if (!workspace_too_small(code) || attempt == max_workspace_retries) {
        throw mumps_error(id_, phase);
      }
      id_.icntl[icntl(14)] = std::max(2 * id_.icntl[icntl(14)], 20);
    }
  }

  static constexpr int max_workspace_retries = 4;
  typename Calls::Instance id_{};
  bool initialized_ = false;
  const MatrixOf<Scalar>* matrix_ = nullptr;
  std::vector<int> row_of_;
  std::vector<int> column_of_;
};

}  // namespace

template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_mumps_adapter() {
  return std::make_unique<MumpsAdapter<Scalar>>();
}

template std::unique_ptr<SolverAdapterOf<double>> make_mumps_adapter<double>();
template std::unique_ptr<SolverAdapterOf<Complex>> make_mumps_adapter<Complex>();

}  // namespace lupine_bench
