#include "adapter.hpp"

#include "lupine/error.hpp"

namespace lupine_bench {

const std::vector<std::string>& known_solvers() {
#ifdef LUPINE_WITH_MPI
  static const std::vector<std::string> names{"lupine", "klu", "umfpack"};
#else
  static const std::vector<std::string> names{"lupine", "klu", "umfpack", "mumps"};
#endif
  return names;
}

template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_adapter(const std::string& solver,
                                                      const AdapterSettings& settings) {
  if (solver == "lupine") return make_lupine_adapter<Scalar>(settings);
  if (solver == "klu") return make_klu_adapter<Scalar>();
  if (solver == "umfpack") return make_umfpack_adapter<Scalar>();
#ifdef LUPINE_WITH_MPI
  if (solver == "mumps-mpi") return make_mumps_mpi_adapter<Scalar>(settings);
  if (solver == "superlu-dist") return make_superlu_dist_adapter<Scalar>(settings);
#else
  if (solver == "mumps") return make_mumps_adapter<Scalar>();
#endif
  throw lupine::Error(lupine::ErrorKind::invalid_argument, "unknown solver '" + solver + "'");
}

template std::unique_ptr<SolverAdapterOf<double>> make_adapter<double>(const std::string&,
                                                                       const AdapterSettings&);
template std::unique_ptr<SolverAdapterOf<Complex>> make_adapter<Complex>(const std::string&,
                                                                         const AdapterSettings&);

}  // namespace lupine_bench
