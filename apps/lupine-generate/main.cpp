// lupine-generate: writes a synthetic test matrix (lupine/generate.hpp) as a Matrix Market file.
#include <boost/program_options.hpp>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "lupine/dense.hpp"
#include "lupine/error.hpp"
#include "lupine/generate.hpp"
#include "lupine/io.hpp"
#include "lupine/sparse.hpp"

namespace options = boost::program_options;

namespace {

constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

/// A command line that cannot be carried out as written: reported with a hint, exit code 2.
struct UsageError {
  std::string message;
};

struct Kind {
  std::string description;
  std::set<std::string> options;  // the kind-specific options it accepts
};

const std::map<std::string, Kind>& kinds() {
  static const std::map<std::string, Kind> table = {
      {"laplacian2d",
       {"5-point Laplacian on an nx x ny grid, SPD, n = nx*ny", {"nx", "ny", "symmetric"}}},
      {"laplacian3d",
       {"Laplacian on an nx x ny x nz grid of interior nodes of the unit cube, SPD, "
        "n = nx*ny*nz: the 7-point finite-difference stencil, or with --stencil 27 trilinear "
        "(Q1) hexahedral finite elements with element coefficients log-uniform in [1/C, C] "
        "(--coefficient-contrast C, drawn from --seed), nnz = (3nx-2)(3ny-2)(3nz-2)",
        {"nx", "ny", "nz", "stencil", "coefficient-contrast", "seed", "symmetric"}}},
      {"convdiff2d",
       {"2D convection-diffusion, central differences, constant velocity of length --peclet "
        "in a direction drawn from --seed; unsymmetric",
        {"nx", "ny", "peclet", "seed"}}},
      {"convdiff3d",
       {"3D convection-diffusion on the unit cube, 7-point central differences, constant "
        "velocity of length --peclet in a direction drawn from --seed; unsymmetric values on a "
        "symmetric pattern, n = nx*ny*nz",
        {"nx", "ny", "nz", "peclet", "seed"}}},
      {"elasticity3d",
       {"3D linear elasticity (--youngs-modulus, --poisson-ratio) of a cantilever of "
        "nx x ny x nz cubic Q1 hexahedra clamped on its face x = 0, 3 unknowns per node "
        "(node-major); SPD, n = 3*nx*(ny+1)*(nz+1), nnz = 9(3nx-2)(3ny+1)(3nz+1)",
        {"nx", "ny", "nz", "youngs-modulus", "poisson-ratio", "symmetric"}}},
      {"powergrid",
       {"DC modified-nodal-analysis matrix of an on-chip power grid: --layers metal layers of "
        "nx x ny nodes (wires along x on even layers, along y on odd ones, cross wires every "
        "--cross-pitch lines), vias every --via-pitch nodes, conductances to ground on the "
        "bottom layer, --pads ideal supply pads on the top layer (branch rows without "
        "diagonal, or an explicit zero with --explicit-zeros); n = layers*nx*ny + pads",
        {"nx", "ny", "layers", "via-pitch", "cross-pitch", "pads", "explicit-zeros", "seed",
         "symmetric"}}},
      {"circuit",
       {"DC modified-nodal-analysis matrix of a random connected resistor network with "
        "voltage sources and inductors (branch rows without diagonal; inductors store an "
        "explicit zero there); n = nodes + voltage-sources + inductors",
        {"nodes", "resistors-per-node", "voltage-sources", "inductors", "seed", "symmetric"}}},
      {"random",
       {"random unsymmetric pattern containing the diagonal, values uniform in [-1, 1]",
        {"n", "entries-per-column", "diagonal-dominance", "permute-rows", "seed"}}},
  };
  return table;
}

/// `text` broken into lines of at most `width` characters (long words alone), each indented.
std::string wrap(const std::string& text, const std::string& indent, std::size_t width) {
  std::istringstream words(text);
  std::string word, line, out;
  while (words >> word) {
    if (!line.empty() && indent.size() + line.size() + 1 + word.size() > width) {
      out += indent + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

std::string usage_line() {
  return "usage: lupine-generate KIND [options] -o FILE   (lupine-generate --help for KINDs)";
}

/// A decimal seed in [0, 2^64): no sign, no spaces, no other base (unlike strtoull or the
/// lexical cast, which would turn "-1" into 2^64 - 1).
std::uint64_t parse_seed(const std::string& text) {
  bool digits = !text.empty() && text.size() <= 20;
  for (const char c : text) digits = digits && c >= '0' && c <= '9';
  if (digits) {
    errno = 0;
    char* end = nullptr;
    const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
    if (errno == 0 && *end == '\0') return static_cast<std::uint64_t>(value);
  }
  throw UsageError{"--seed must be a decimal integer in [0, 2^64), got '" + text + "'"};
}

std::string format_number(double value) {
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

/// A default value as --help shows it: 6 significant digits, so 0.3 is not 0.29999999999999999.
std::string short_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

int run(int argc, char** argv) {
  options::options_description general("General options");
  general.add_options()("help,h", "show this help and exit")(
      "output,o", options::value<std::string>()->value_name("FILE"),
      "write the matrix to FILE, Matrix Market coordinate; gzip-compressed when FILE ends "
      "in .gz (required)")("rhs", options::value<std::string>()->value_name("FILE"),
                           "also write a right-hand side to FILE, a Matrix Market array file: "
                           "the modelled load for convdiff3d and laplacian3d --stencil 27 "
                           "(unit source), elasticity3d (unit body force along -z) and "
                           "powergrid (load currents, 1 V at the pads); b = A * (1, ..., 1)^T "
                           "for the other kinds")(
      "symmetric",
      "write only the lower triangle with a 'symmetric' banner (laplacian2d, laplacian3d, "
      "elasticity3d, circuit, powergrid: their matrices are symmetric)")(
      "seed", options::value<std::string>()->default_value("1")->value_name("N"),
      "seed of the random generator (convdiff2d, convdiff3d, laplacian3d --stencil 27, "
      "circuit, powergrid, random); the same seed gives the same matrix on every platform");

  options::options_description grid(
      "Grid options (laplacian2d, laplacian3d, convdiff2d, convdiff3d, elasticity3d, "
      "powergrid)");
  grid.add_options()("nx", options::value<int>()->value_name("N"),
                     "grid points in x; hexahedra for elasticity3d, nodes per layer for "
                     "powergrid (required)")("ny", options::value<int>()->value_name("N"),
                                             "grid points in y (default: --nx)")(
      "nz", options::value<int>()->value_name("N"),
      "grid points in z, laplacian3d, convdiff3d, elasticity3d (default: --nx)")(
      "peclet", options::value<double>()->default_value(10.0)->value_name("P"),
      "convdiff2d, convdiff3d: length of the velocity (global Peclet number, unit square or "
      "cube, unit diffusion); >= 0")(
      "stencil", options::value<int>()->default_value(7)->value_name("S"),
      "laplacian3d: 7 (finite differences) or 27 (trilinear finite elements)")(
      "coefficient-contrast", options::value<double>()->default_value(1.0)->value_name("C"),
      "laplacian3d --stencil 27: element coefficients log-uniform in [1/C, C], drawn from "
      "--seed; C >= 1, and C = 1 is the constant coefficient");

  const lupine::generate::ElasticityOptions elasticity_defaults;
  options::options_description elasticity("Elasticity options (elasticity3d)");
  elasticity.add_options()(
      "youngs-modulus",
      options::value<double>()->default_value(elasticity_defaults.youngs_modulus)->value_name("E"),
      "Young's modulus; > 0")("poisson-ratio",
                              options::value<double>()
                                  ->default_value(elasticity_defaults.poisson_ratio,
                                                  short_number(elasticity_defaults.poisson_ratio))
                                  ->value_name("NU"),
                              "Poisson's ratio; in (-1, 0.5)");

  const lupine::generate::PowerGridOptions grid_defaults;
  options::options_description power("Power grid options (powergrid)");
  power.add_options()(
      "layers", options::value<int>()->default_value(grid_defaults.layers)->value_name("L"),
      "metal layers, 1 to 16; layer 0 (bottom) has the thinnest wires and the loads")(
      "via-pitch", options::value<int>()->default_value(grid_defaults.via_pitch)->value_name("P"),
      "vias between adjacent layers at the nodes whose x and y indices are multiples of P")(
      "cross-pitch",
      options::value<int>()->default_value(grid_defaults.cross_pitch)->value_name("Q"),
      "wires across a layer's preferred direction on every Q-th line, so that each layer is "
      "connected")(
      "pads", options::value<int>()->default_value(grid_defaults.pads)->value_name("K"),
      "supply pads at distinct random top-layer nodes, ideal 1 V sources with a branch-current "
      "unknown each; 0 <= K <= nx*ny")(
      "explicit-zeros", "store an explicit zero on the diagonal of each pad's branch row");

  const lupine::generate::RandomCircuitOptions circuit_defaults;
  options::options_description circuit("Circuit options (circuit)");
  circuit.add_options()(
      "nodes", options::value<int>()->default_value(circuit_defaults.nodes)->value_name("N"),
      "non-ground nodes")(
      "resistors-per-node",
      options::value<int>()->default_value(circuit_defaults.resistors_per_node)->value_name("N"),
      "resistors in all = N * nodes (a spanning tree, some to ground, the "
      "rest between random nodes)")(
      "voltage-sources",
      options::value<int>()->default_value(circuit_defaults.voltage_sources)->value_name("N"),
      "voltage sources, node to node or node to ground")(
      "inductors",
      options::value<int>()->default_value(circuit_defaults.inductors)->value_name("N"),
      "inductors (shorts in DC); voltage-sources + inductors <= nodes");

  const lupine::generate::RandomSparseOptions random_defaults;
  options::options_description random("Random options (random)");
  random.add_options()("n",
                       options::value<int>()->default_value(random_defaults.n)->value_name("N"),
                       "rows and columns")(
      "entries-per-column",
      options::value<double>()->default_value(random_defaults.entries_per_column)->value_name("E"),
      "average stored entries per column, the diagonal included; in [1, n]")(
      "diagonal-dominance",
      options::value<double>()->default_value(random_defaults.diagonal_dominance)->value_name("D"),
      "when > 0, a_jj = D * sum_{i != j} |a_ij| + 1; when 0 the diagonal is random too")(
      "permute-rows",
      "permute the rows by a random single-cycle permutation: no diagonal entry stays on the "
      "diagonal, so a solver must pivot");

  options::options_description hidden;
  hidden.add_options()("kind", options::value<std::string>(), "what to generate");
  options::positional_options_description positional;
  positional.add("kind", 1);

  options::options_description visible;
  visible.add(general).add(grid).add(elasticity).add(power).add(circuit).add(random);
  options::options_description all;
  all.add(visible).add(hidden);

  options::variables_map values;
  try {
    options::store(
        options::command_line_parser(argc, argv).options(all).positional(positional).run(), values);
    options::notify(values);
  } catch (const options::error& error) {
    throw UsageError{error.what()};
  }

  if (values.count("help")) {
    std::cout << usage_line() << "\n\nWrites a synthetic sparse test matrix.\n\nKINDs:\n";
    for (const auto& kind : kinds()) {
      std::cout << "  " << kind.first << "\n" << wrap(kind.second.description, "      ", 80);
    }
    std::cout << "\n"
              << visible << "\nExamples:\n"
              << "  lupine-generate laplacian2d --nx 100 --ny 100 -o laplace.mtx.gz\n"
              << "  lupine-generate laplacian3d --nx 60 --stencil 27 --coefficient-contrast 1000 "
                 "--seed 2 -o q1.mtx.gz --rhs q1_b.mtx.gz\n"
              << "  lupine-generate elasticity3d --nx 64 --ny 16 --nz 16 --poisson-ratio 0.3 "
                 "-o beam.mtx.gz --rhs beam_b.mtx.gz\n"
              << "  lupine-generate convdiff3d --nx 50 --peclet 100 --seed 4 -o cd3.mtx.gz\n"
              << "  lupine-generate powergrid --layers 4 --nx 354 --pads 200 --seed 5 -o pg.mtx.gz "
                 "--rhs pg_b.mtx.gz\n"
              << "  lupine-generate circuit --nodes 5000 --inductors 40 --seed 3 -o mna.mtx "
                 "--rhs mna_b.mtx\n"
              << "  lupine-generate random --n 2000 --entries-per-column 4 --permute-rows "
                 "-o random.mtx\n"
              << "\nExit status: 0 on success, 2 for a bad command line or argument, 1 when "
                 "the file cannot be written.\n";
    return 0;
  }

  if (!values.count("kind")) throw UsageError{"no KIND given"};
  const std::string kind_name = values["kind"].as<std::string>();
  const auto kind = kinds().find(kind_name);
  if (kind == kinds().end()) {
    std::string known;
    for (const auto& entry : kinds()) known += " " + entry.first;
    throw UsageError{"unknown KIND '" + kind_name + "' (one of:" + known + ")"};
  }
  const std::set<std::string> general_options = {"help", "output", "rhs", "kind"};
  for (const auto& given : values) {
    if (given.second.defaulted() || general_options.count(given.first)) continue;
    if (!kind->second.options.count(given.first)) {
      throw UsageError{"--" + given.first + " does not apply to " + kind_name};
    }
  }
  if (!values.count("output")) throw UsageError{"no output file given (-o FILE)"};
  const std::string output = values["output"].as<std::string>();

  auto integer = [&](const char* name) { return values[name].as<int>(); };
  auto real = [&](const char* name) { return values[name].as<double>(); };
  auto grid_size = [&](const char* name) {
    if (values.count(name)) return integer(name);
    if (!values.count("nx")) throw UsageError{kind_name + " needs --nx"};
    return integer("nx");
  };

  // The comment records the full generator call, defaults included, so that the file says
  // how to make it again.
  std::ostringstream call;
  call << "lupine-generate " << kind_name;
  lupine::CscMatrix<double> matrix;
  // The kinds that model a physical load write it as --rhs; the others write A * ones.
  lupine::generate::Problem problem;
  std::string load;
  auto seed = [&] { return parse_seed(values["seed"].as<std::string>()); };
  if (kind_name == "laplacian2d" || kind_name == "laplacian3d" || kind_name == "convdiff2d" ||
      kind_name == "convdiff3d") {
    const int nx = grid_size("nx");
    const int ny = grid_size("ny");
    call << " --nx " << nx << " --ny " << ny;
    if (kind_name == "laplacian2d") {
      matrix = lupine::generate::laplacian_2d(nx, ny);
    } else if (kind_name == "laplacian3d") {
      const int nz = grid_size("nz");
      call << " --nz " << nz;
      const int stencil = integer("stencil");
      if (stencil == 7) {
        for (const char* name : {"coefficient-contrast", "seed"}) {
          if (!values[name].defaulted()) {
            throw UsageError{std::string("--") + name +
                             " applies to laplacian3d --stencil 27 only"};
          }
        }
        matrix = lupine::generate::laplacian_3d(nx, ny, nz);
      } else if (stencil == 27) {
        lupine::generate::LaplacianQ1Options q1;
        q1.nx = nx;
        q1.ny = ny;
        q1.nz = nz;
        q1.coefficient_contrast = real("coefficient-contrast");
        q1.seed = seed();
        call << " --stencil 27 --coefficient-contrast " << format_number(q1.coefficient_contrast)
             << " --seed " << q1.seed;
        problem = lupine::generate::laplacian_3d_q1(q1);
        load = "the load of the unit source";
      } else {
        throw UsageError{"--stencil must be 7 or 27, got " + std::to_string(stencil)};
      }
    } else if (kind_name == "convdiff2d") {
      const double peclet = real("peclet");
      const std::uint64_t seed_value = seed();
      call << " --peclet " << format_number(peclet) << " --seed " << seed_value;
      matrix = lupine::generate::convection_diffusion_2d(nx, ny, peclet, seed_value);
    } else {
      const int nz = grid_size("nz");
      const double peclet = real("peclet");
      const std::uint64_t seed_value = seed();
      call << " --nz " << nz << " --peclet " << format_number(peclet) << " --seed " << seed_value;
      problem = lupine::generate::convection_diffusion_3d(nx, ny, nz, peclet, seed_value);
      load = "the unit source times the cell volume";
    }
  } else if (kind_name == "elasticity3d") {
    lupine::generate::ElasticityOptions elasticity_options;
    elasticity_options.nx = grid_size("nx");
    elasticity_options.ny = grid_size("ny");
    elasticity_options.nz = grid_size("nz");
    elasticity_options.youngs_modulus = real("youngs-modulus");
    elasticity_options.poisson_ratio = real("poisson-ratio");
    call << " --nx " << elasticity_options.nx << " --ny " << elasticity_options.ny << " --nz "
         << elasticity_options.nz << " --youngs-modulus "
         << format_number(elasticity_options.youngs_modulus) << " --poisson-ratio "
         << format_number(elasticity_options.poisson_ratio);
    problem = lupine::generate::elasticity_3d(elasticity_options);
    load = "the load of the unit body force (0, 0, -1)";
  } else if (kind_name == "powergrid") {
    lupine::generate::PowerGridOptions grid_options;
    grid_options.nx = grid_size("nx");
    grid_options.ny = grid_size("ny");
    grid_options.layers = integer("layers");
    grid_options.via_pitch = integer("via-pitch");
    grid_options.cross_pitch = integer("cross-pitch");
    grid_options.pads = integer("pads");
    grid_options.explicit_zeros = values.count("explicit-zeros") > 0;
    grid_options.seed = seed();
    call << " --layers " << grid_options.layers << " --nx " << grid_options.nx << " --ny "
         << grid_options.ny << " --via-pitch " << grid_options.via_pitch << " --cross-pitch "
         << grid_options.cross_pitch << " --pads " << grid_options.pads
         << (grid_options.explicit_zeros ? " --explicit-zeros" : "") << " --seed "
         << grid_options.seed;
    problem = lupine::generate::power_grid(grid_options);
    load = "the bottom layer's load currents and the pads' 1 V supply";
  } else if (kind_name == "circuit") {
    lupine::generate::RandomCircuitOptions circuit_options;
    circuit_options.nodes = integer("nodes");
    circuit_options.resistors_per_node = integer("resistors-per-node");
    circuit_options.voltage_sources = integer("voltage-sources");
    circuit_options.inductors = integer("inductors");
    circuit_options.seed = seed();
    call << " --nodes " << circuit_options.nodes << " --resistors-per-node "
         << circuit_options.resistors_per_node << " --voltage-sources "
         << circuit_options.voltage_sources << " --inductors " << circuit_options.inductors
         << " --seed " << circuit_options.seed;
    matrix = lupine::generate::random_circuit(circuit_options);
  } else {
    lupine::generate::RandomSparseOptions random_options;
    random_options.n = integer("n");
    random_options.entries_per_column = real("entries-per-column");
    random_options.diagonal_dominance = real("diagonal-dominance");
    random_options.permute_rows = values.count("permute-rows") > 0;
    random_options.seed = seed();
    call << " --n " << random_options.n << " --entries-per-column "
         << format_number(random_options.entries_per_column) << " --diagonal-dominance "
         << format_number(random_options.diagonal_dominance)
         << (random_options.permute_rows ? " --permute-rows" : "") << " --seed "
         << random_options.seed;
    matrix = lupine::generate::random_sparse(random_options);
  }
  if (!load.empty()) matrix = std::move(problem.matrix);

  const bool symmetric = values.count("symmetric") > 0;
  if (symmetric) call << " --symmetric";
  lupine::write_matrix_market(
      output, matrix,
      symmetric ? lupine::MatrixMarketSymmetry::symmetric : lupine::MatrixMarketSymmetry::general,
      call.str());
  std::cout << "wrote " << output << ": " << matrix.rows() << " x " << matrix.cols() << ", "
            << matrix.nnz() << " entries\n";

  if (values.count("rhs")) {
    const std::string rhs_path = values["rhs"].as<std::string>();
    lupine::DenseMatrix<double> rhs(matrix.rows(), 1);
    if (load.empty()) {
      const std::vector<double> ones(static_cast<std::size_t>(matrix.cols()), 1.0);
      rhs.data = lupine::multiply(matrix, ones);
    } else {
      rhs.data = std::move(problem.rhs);
    }
    lupine::write_matrix_market_dense(
        rhs_path, rhs, (load.empty() ? "b = A * ones" : "b = " + load) + " for " + call.str());
    std::cout << "wrote " << rhs_path << ": " << matrix.rows() << " x 1\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const UsageError& error) {
    std::cerr << "lupine-generate: " << error.message << "\n" << usage_line() << "\n";
    return exit_usage;
  } catch (const lupine::Error& error) {
    std::cerr << "lupine-generate: " << error.what() << "\n";
    const bool bad_argument = error.kind() == lupine::ErrorKind::invalid_argument ||
                              error.kind() == lupine::ErrorKind::size_overflow;
    return bad_argument ? exit_usage : exit_failure;
  } catch (const std::exception& error) {
    std::cerr << "lupine-generate: " << error.what() << "\n";
    return exit_failure;
  }
}
