// mumps-mpi and superlu-dist: MUMPS or SuperLU_DIST over MPI through lupine::DistributedSolver,
// the matrix whole on rank 0, for lupine-bench --distributed (every rank runs the bench in
// step; rank 0 reports).
#include <cstdint>
#include <memory>

#include "adapter.hpp"
#include "lupine/distributed.hpp"

namespace lupine_bench {
namespace {

template <class Scalar>
class MumpsMpiAdapter : public SolverAdapterOf<Scalar> {
 public:
  MumpsMpiAdapter(const AdapterSettings& settings, lupine::DistributedBackend backend)
      : solver_(MPI_COMM_WORLD, options_for(settings, backend)) {}

  void analyze(const MatrixOf<Scalar>& matrix) override {
    matrix_ = &matrix;
    solver_.analyze(matrix);
  }
  void factor() override { solver_.factor(*matrix_); }
  void refactor(const Scalar* values) override {
    solver_.refactor(values, static_cast<std::size_t>(matrix_->nnz()));
  }
  void solve(const Scalar* b, Scalar* x) override {
    solver_.solve(b, x, 1, matrix_->rows(), lupine::Transpose::no);
  }
  std::int64_t lu_nnz() override { return solver_.stats().lu_nnz; }
  double factor_flops() override { return solver_.stats().factor_flops; }
  std::int64_t delayed_pivots() override { return solver_.stats().delayed_pivots; }
  std::int64_t peak_memory_bytes() override {
    return solver_.stats().peak_memory_mb * (std::int64_t{1} << 20);
  }

 private:
  // As the sequential baseline: MUMPS's defaults, no refinement unless --lupine-refine.
  static lupine::DistributedOptions options_for(const AdapterSettings& settings,
                                                lupine::DistributedBackend backend) {
    lupine::DistributedOptions options;
    options.backend = backend;
    options.refine_steps = settings.refine_steps;
    return options;
  }

  lupine::DistributedSolver<Scalar> solver_;
  const MatrixOf<Scalar>* matrix_ = nullptr;
};

}  // namespace

template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_mumps_mpi_adapter(const AdapterSettings& settings) {
  return std::make_unique<MumpsMpiAdapter<Scalar>>(settings, lupine::DistributedBackend::mumps);
}

template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_superlu_dist_adapter(
    const AdapterSettings& settings) {
  return std::make_unique<MumpsMpiAdapter<Scalar>>(settings,
                                                   lupine::DistributedBackend::superlu_dist);
}

template std::unique_ptr<SolverAdapterOf<double>> make_mumps_mpi_adapter<double>(
    const AdapterSettings&);
template std::unique_ptr<SolverAdapterOf<Complex>> make_mumps_mpi_adapter<Complex>(
    const AdapterSettings&);
template std::unique_ptr<SolverAdapterOf<double>> make_superlu_dist_adapter<double>(
    const AdapterSettings&);
template std::unique_ptr<SolverAdapterOf<Complex>> make_superlu_dist_adapter<Complex>(
    const AdapterSettings&);

}  // namespace lupine_bench
