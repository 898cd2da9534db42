#include <cmath>
#include <string>

#include "lupine/solver.hpp"

namespace lupine {

const char* to_string(Ordering ordering) noexcept {
  switch (ordering) {
    case Ordering::automatic:
      return "auto";
    case Ordering::amd:
      return "amd";
    case Ordering::colamd:
      return "colamd";
    case Ordering::nested_dissection:
      return "nd";
    case Ordering::natural:
      return "natural";
    case Ordering::given:
      return "given";
  }
  return "unknown";
}

const char* to_string(Scaling scaling) noexcept {
  switch (scaling) {
    case Scaling::none:
      return "none";
    case Scaling::max:
      return "max";
    case Scaling::sum:
      return "sum";
  }
  return "unknown";
}

const char* to_string(Matching matching) noexcept {
  switch (matching) {
    case Matching::structural:
      return "structural";
    case Matching::max_product:
      return "max_product";
  }
  return "unknown";
}

const char* to_string(FactorPath path) noexcept {
  switch (path) {
    case FactorPath::automatic:
      return "auto";
    case FactorPath::column:
      return "column";
    case FactorPath::dense:
      return "dense";
    case FactorPath::supernodal:
      return "supernodal";
  }
  return "unknown";
}

const char* to_string(RefactorStatus status) noexcept {
  switch (status) {
    case RefactorStatus::reused_pivots:
      return "reused_pivots";
    case RefactorStatus::repivoted:
      return "repivoted";
  }
  return "unknown";
}

void Options::validate() const {
  auto fail = [](const std::string& message) {
    throw Error(ErrorKind::invalid_argument, "invalid option: " + message);
  };
  if (!(pivot_threshold >= 0.0 && pivot_threshold <= 1.0)) {
    fail("pivot_threshold must be in [0, 1], got " + std::to_string(pivot_threshold));
  }
  if (!(refactor_threshold >= 0.0 && refactor_threshold <= 1.0)) {
    fail("refactor_threshold must be in [0, 1], got " + std::to_string(refactor_threshold));
  }
  if (!(refactor_growth_limit >= 0.0)) {
    fail("refactor_growth_limit must be >= 0 (0: off), got " +
         std::to_string(refactor_growth_limit));
  }
  if (!(pivot_perturbation > 0.0) || !std::isfinite(pivot_perturbation)) {
    fail("pivot_perturbation must be positive and finite, got " +
         std::to_string(pivot_perturbation));
  }
  if (threads < 0) fail("threads must be >= 0 (0 = all cores), got " + std::to_string(threads));
  if (dense_min_order < 0) fail("dense_min_order must be >= 0");
  if (dense_max_order < 0) fail("dense_max_order must be >= 0");
  if (memory_limit < 0) fail("memory_limit must be >= 0 (0 = no limit)");
  if (!(dense_min_density >= 0.0 && dense_min_density <= 1.0)) {
    fail("dense_min_density must be in [0, 1], got " + std::to_string(dense_min_density));
  }
  if (dense_tail_min_order < 0) {
    fail("dense_tail_min_order must be >= 0 (0 = no dense tails), got " +
         std::to_string(dense_tail_min_order));
  }
  if (!(dense_tail_min_density > 0.0 && dense_tail_min_density <= 1.0)) {
    fail("dense_tail_min_density must be in (0, 1], got " + std::to_string(dense_tail_min_density));
  }
  if (matching == Matching::max_product && ordering == Ordering::given) {
    fail("matching = max_product re-pairs rows with columns; ordering = given fixes both");
  }
  if (ordering != Ordering::given && !given_column_order.empty()) {
    fail("given_column_order is set but ordering is not 'given'");
  }
}

}  // namespace lupine
