// KLU (SuiteSparse) with its default settings: BTF, AMD, threshold pivoting 0.001.
#include <klu.h>

#include <algorithm>
#include <string>

#include "adapter.hpp"
#include "lupine/error.hpp"

namespace lupine_bench {
namespace {

using lupine::Error;
using lupine::ErrorKind;

Error klu_error(const klu_common& common, const char* call) {
  const std::string where = std::string("KLU ") + call + ": ";
  switch (common.status) {
    case KLU_SINGULAR:
      return Error(ErrorKind::numerically_singular,
                   where + "singular matrix (column " + std::to_string(common.singular_col) + ")",
                   -1, common.singular_col);
    case KLU_OUT_OF_MEMORY:
      return Error(ErrorKind::out_of_memory, where + "out of memory");
    case KLU_INVALID:
      return Error(ErrorKind::invalid_matrix, where + "invalid input");
    case KLU_TOO_LARGE:
      return Error(ErrorKind::size_overflow, where + "integer overflow");
    default:
      return Error(ErrorKind::internal, where + "status " + std::to_string(common.status));
  }
}

class KluAdapter : public SolverAdapter {
 public:
  KluAdapter() { klu_defaults(&common_); }
  ~KluAdapter() override {
    if (numeric_ != nullptr) klu_free_numeric(&numeric_, &common_);
    if (symbolic_ != nullptr) klu_free_symbolic(&symbolic_, &common_);
  }
  KluAdapter(const KluAdapter&) = delete;
  KluAdapter& operator=(const KluAdapter&) = delete;

  void analyze(const Matrix& matrix) override {
    matrix_ = &matrix;
    // klu_analyze takes non-const pointers but does not write through them.
    symbolic_ = klu_analyze(matrix.cols(), const_cast<int*>(matrix.col_ptr().data()),
                            const_cast<int*>(matrix.row_indices().data()), &common_);
    if (symbolic_ == nullptr) throw klu_error(common_, "klu_analyze");
  }

  void factor() override {
    numeric_ = klu_factor(const_cast<int*>(matrix_->col_ptr().data()),
                          const_cast<int*>(matrix_->row_indices().data()),
                          const_cast<double*>(matrix_->values().data()), symbolic_, &common_);
    if (numeric_ == nullptr) throw klu_error(common_, "klu_factor");
  }

  void refactor(const double* values) override {
    if (klu_refactor(const_cast<int*>(matrix_->col_ptr().data()),
                     const_cast<int*>(matrix_->row_indices().data()), const_cast<double*>(values),
                     symbolic_, numeric_, &common_) != 1) {
      throw klu_error(common_, "klu_refactor");
    }
  }

  void solve(const double* b, double* x) override {
    const int n = matrix_->cols();
    std::copy(b, b + n, x);
    if (klu_solve(symbolic_, numeric_, n, 1, x, &common_) != 1) {
      throw klu_error(common_, "klu_solve");
    }
  }

  std::int64_t lu_nnz() override {
    return static_cast<std::int64_t>(numeric_->lnz) + numeric_->unz - matrix_->cols() +
           numeric_->nzoff;
  }

  double factor_flops() override {
    if (klu_flops(symbolic_, numeric_, &common_) != 1) throw klu_error(common_, "klu_flops");
    return common_.flops;
  }

 private:
  klu_common common_{};
  klu_symbolic* symbolic_ = nullptr;
  klu_numeric* numeric_ = nullptr;
  const Matrix* matrix_ = nullptr;
};

}  // namespace

std::unique_ptr<SolverAdapter> make_klu_adapter() {
  return std::make_unique<KluAdapter>();
}

}  // namespace lupine_bench
