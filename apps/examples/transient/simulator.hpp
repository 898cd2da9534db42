// Transient simulation of a netlist on Lupine's C API: modified nodal analysis with the
// pattern fixed once (voltage sources and inductors give zero diagonals), stamping through
// value slots, a refactorization and a solve per Newton step.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "lupine/lupine.h"
#include "netlist.hpp"

namespace transient {

struct Statistics {
  std::int64_t unknowns = 0;
  std::int64_t pattern_entries = 0;
  std::int64_t lu_entries = 0;
  int time_points = 0;
  int newton_iterations = 0;
  int factorizations = 0;    // pivoting ones (the first, and refactors that re-pivoted)
  int refactorizations = 0;  // with the pivots reused
  double analyze_seconds = 0;
  double factor_seconds = 0;  // factor and refactor calls
  double solve_seconds = 0;
  double stamp_seconds = 0;
};

/// A Lupine call that failed: its status and message.
class SolverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Simulator {
 public:
  /// Builds the MNA pattern of `netlist` and analyzes it (threads: Lupine's, 0 = all cores).
  Simulator(const Netlist& netlist, int threads);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  /// The DC operating point at time 0 (capacitors open, inductors shorted), then the
  /// transient; `output(time, solution)` runs after every time point, the operating point
  /// first. Throws SolverError when Newton does not converge or Lupine fails.
  void run(const std::function<void(double, const std::vector<double>&)>& output);

  /// The voltage of `node` in a solution passed to `output`.
  double voltage(const std::vector<double>& solution, int node) const {
    return node == 0 ? 0.0 : solution[static_cast<std::size_t>(node - 1)];
  }
  const Statistics& statistics() const { return statistics_; }

 private:
  struct Device {
    std::size_t element = 0;
    int branch = -1;             // V and L: their current's unknown
    std::size_t first_slot = 0;  // into slots_
    double state_voltage = 0;    // C and L: last accepted branch voltage; D: Newton point
    double state_current = 0;    // C and L: last accepted current
  };

  int unknown(int node) const { return node - 1; }  // -1 for ground
  void stamp(double time, bool dc);
  void add(std::size_t slot_index, double value);
  void factor_or_refactor();
  bool newton(double time, bool dc, std::vector<double>& solution);
  void accept(const std::vector<double>& solution);
  bool trapezoidal_now() const { return netlist_.method == Method::trapezoidal && !first_step_; }

  const Netlist& netlist_;
  int nodes_ = 0;  // non-ground nodes
  std::int64_t n_ = 0;
  std::vector<Device> devices_;
  std::vector<std::int64_t> slots_;       // value position of each stamp, -1 for ground
  std::vector<std::int64_t> node_slots_;  // the diagonal of each node (Gmin during DC)
  std::vector<double> values_;
  std::vector<double> rhs_;
  std::vector<double> workspace_;
  lupine_symbolic* symbolic_ = nullptr;
  lupine_numeric* numeric_ = nullptr;
  Statistics statistics_;
  bool first_step_ = false;
};

}  // namespace transient
