#include "adapter.hpp"

#include "lupine/error.hpp"

namespace lupine_bench {

const std::vector<std::string>& known_solvers() {
  static const std::vector<std::string> names{"lupine", "klu", "umfpack", "mumps"};
  return names;
}

std::unique_ptr<SolverAdapter> make_adapter(const std::string& solver,
                                            const AdapterSettings& settings) {
  if (solver == "lupine") return make_lupine_adapter(settings);
  if (solver == "klu") return make_klu_adapter();
  if (solver == "umfpack") return make_umfpack_adapter();
  if (solver == "mumps") return make_mumps_adapter();
  throw lupine::Error(lupine::ErrorKind::invalid_argument, "unknown solver '" + solver + "'");
}

}  // namespace lupine_bench
