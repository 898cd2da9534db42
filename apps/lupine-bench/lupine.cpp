// Lupine through its public API, every option at its default except the thread count, the
// numeric path and the ordering; Numeric<double> or Numeric<std::complex<double>>.
#include <cmath>

#include "adapter.hpp"
#include "lupine/solver.hpp"

namespace lupine_bench {
namespace {

template <class Scalar>
class LupineAdapter : public SolverAdapterOf<Scalar> {
 public:
  explicit LupineAdapter(const AdapterSettings& settings) : refine_steps_(settings.refine_steps) {
    options_.threads = settings.threads;
    options_.path = settings.path;
    options_.ordering = settings.ordering;
    options_.matching = settings.matching;
    options_.rescale_on_refactor = settings.rescale_on_refactor;
    if (!std::isnan(settings.pivot_threshold)) options_.pivot_threshold = settings.pivot_threshold;
  }

  void analyze(const MatrixOf<Scalar>& matrix) override {
    matrix_ = &matrix;
    symbolic_ = lupine::analyze(matrix, options_);
  }

  void factor() override {
    numeric_ = lupine::Numeric<Scalar, std::int32_t>(symbolic_, *matrix_, options_);
  }

  void refactor(const Scalar* values) override { numeric_.refactor(values); }

  void prepare_solve() override { workspace_ = numeric_.make_workspace(1); }

  void solve(const Scalar* b, Scalar* x) override {
    numeric_.solve(b, x, 1, matrix_->cols(), lupine::Transpose::no, refine_steps_, workspace_);
  }

  std::int64_t lu_nnz() override { return numeric_.stats().lu_nnz; }
  double factor_flops() override { return numeric_.stats().factor_flops; }
  std::int64_t delayed_pivots() override { return numeric_.stats().delayed_pivots; }
  std::int64_t supernodal_blocks() override { return symbolic_.stats().supernodal_blocks; }

 private:
  lupine::Options options_;
  int refine_steps_;
  const MatrixOf<Scalar>* matrix_ = nullptr;
  lupine::Symbolic<std::int32_t> symbolic_;
  lupine::Numeric<Scalar, std::int32_t> numeric_;
  lupine::SolveWorkspace<Scalar> workspace_;
};

}  // namespace

template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_lupine_adapter(const AdapterSettings& settings) {
  return std::make_unique<LupineAdapter<Scalar>>(settings);
}

template std::unique_ptr<SolverAdapterOf<double>> make_lupine_adapter<double>(
    const AdapterSettings&);
template std::unique_ptr<SolverAdapterOf<Complex>> make_lupine_adapter<Complex>(
    const AdapterSettings&);

}  // namespace lupine_bench
