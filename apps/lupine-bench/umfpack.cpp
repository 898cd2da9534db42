// UMFPACK (SuiteSparse) with its default settings, iterative refinement included.
#include <umfpack.h>

#include <string>
#include <vector>

#include "adapter.hpp"
#include "lupine/error.hpp"

namespace lupine_bench {
namespace {

using lupine::Error;
using lupine::ErrorKind;

void check(int status, const char* call) {
  const std::string where = std::string("UMFPACK ") + call + ": ";
  switch (status) {
    case UMFPACK_OK:
    // The determinant warnings only say det(A) does not fit a double; the factors are fine.
    case UMFPACK_WARNING_determinant_underflow:
    case UMFPACK_WARNING_determinant_overflow:
      return;
    case UMFPACK_WARNING_singular_matrix:
      throw Error(ErrorKind::numerically_singular, where + "singular matrix");
    case UMFPACK_ERROR_out_of_memory:
      throw Error(ErrorKind::out_of_memory, where + "out of memory");
    case UMFPACK_ERROR_invalid_matrix:
      throw Error(ErrorKind::invalid_matrix, where + "invalid matrix");
    default:
      throw Error(ErrorKind::internal, where + "status " + std::to_string(status));
  }
}

class UmfpackAdapter : public SolverAdapter {
 public:
  UmfpackAdapter() { umfpack_di_defaults(control_); }
  ~UmfpackAdapter() override {
    if (numeric_ != nullptr) umfpack_di_free_numeric(&numeric_);
    if (symbolic_ != nullptr) umfpack_di_free_symbolic(&symbolic_);
  }
  UmfpackAdapter(const UmfpackAdapter&) = delete;
  UmfpackAdapter& operator=(const UmfpackAdapter&) = delete;

  void analyze(const Matrix& matrix) override {
    matrix_ = &matrix;
    values_ = matrix.values().data();
    check(umfpack_di_symbolic(matrix.rows(), matrix.cols(), matrix.col_ptr().data(),
                              matrix.row_indices().data(), values_, &symbolic_, control_, info_),
          "umfpack_di_symbolic");
  }

  void factor() override { numeric(matrix_->values().data(), "umfpack_di_numeric"); }

  // UMFPACK has no pivot-reusing refactorization; its users call numeric again with the
  // kept symbolic analysis, which is what this measures.
  void refactor(const double* values) override {
    umfpack_di_free_numeric(&numeric_);
    numeric(values, "umfpack_di_numeric (refactor)");
  }

  void prepare_solve() override {
    const auto n = static_cast<std::size_t>(matrix_->cols());
    index_workspace_.resize(n);
    workspace_.resize(5 * n);
  }

  void solve(const double* b, double* x) override {
    check(umfpack_di_wsolve(UMFPACK_A, matrix_->col_ptr().data(), matrix_->row_indices().data(),
                            values_, x, b, numeric_, control_, info_, index_workspace_.data(),
                            workspace_.data()),
          "umfpack_di_wsolve");
  }

  std::int64_t lu_nnz() override {
    int lnz = 0, unz = 0, rows = 0, cols = 0, diagonal = 0;
    check(umfpack_di_get_lunz(&lnz, &unz, &rows, &cols, &diagonal, numeric_),
          "umfpack_di_get_lunz");
    return static_cast<std::int64_t>(lnz) + unz - matrix_->cols();
  }

  double factor_flops() override { return flops_; }

 private:
  void numeric(const double* values, const char* call) {
    values_ = values;
    const int status = umfpack_di_numeric(matrix_->col_ptr().data(), matrix_->row_indices().data(),
                                          values, symbolic_, &numeric_, control_, info_);
    check(status, call);
    flops_ = info_[UMFPACK_FLOPS];
  }

  double control_[UMFPACK_CONTROL] = {};
  double info_[UMFPACK_INFO] = {};
  void* symbolic_ = nullptr;
  void* numeric_ = nullptr;
  const Matrix* matrix_ = nullptr;
  const double* values_ = nullptr;  // of the last factorization; refinement uses them
  double flops_ = 0;
  std::vector<int> index_workspace_;
  std::vector<double> workspace_;
};

}  // namespace

std::unique_ptr<SolverAdapter> make_umfpack_adapter() {
  return std::make_unique<UmfpackAdapter>();
}

}  // namespace lupine_bench
