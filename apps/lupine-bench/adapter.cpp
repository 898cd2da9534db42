#include "adapter.hpp"

#include "lupine/error.hpp"

namespace lupine_bench {

const std::vector<std::string>& known_solvers() {
  static const std::vector<std::string> names{"lupine", "klu", "umfpack", "mumps"};
  return names;
}

template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_adapter(const std::string& solver,
                                                      const AdapterSettings& settings) {
  if (solver == "lupine") return make_lupine_adapter<Scalar>(settings);
  if (solver == "klu") return make_klu_adapter<Scalar>();
  if (solver == "umfpack") return make_umfpack_adapter<Scalar>();
  if (solver == "mumps") return make_mumps_adapter<Scalar>();
  throw lupine::Error(lupine::ErrorKind::invalid_argument, "unknown solver '" + solver + "'");
}

template std::unique_ptr<SolverAdapterOf<double>> make_adapter<double>(const std::string&,
                                                                       const AdapterSettings&);
template std::unique_ptr<SolverAdapterOf<Complex>> make_adapter<Complex>(const std::string&,
                                                                         const AdapterSettings&);

}  // namespace lupine_bench
