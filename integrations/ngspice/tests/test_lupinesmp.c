/* Unit test of ngspice's SMP layer on Lupine (integrations/ngspice/src/maths/lupine/lupinesmp.c),
 * built without ngspice: stand-in headers in tests/include give the SMP interface. Each check
 * stamps a small modified-nodal matrix the way ngspice's devices do (pointers from
 * SMPmakeElt, written every "Newton step", ground entries into the trash), keeps a dense
 * copy, and checks the layer's answers against it: residuals of A x = b, A^T x = b (real and
 * complex), the determinant, singular rows, Gmin, a pattern that grows after the first
 * factorization, and the element operations pole-zero and sensitivity analyses use. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ngspice/smpdefs.h"
#include "ngspice/sperror.h"

#define MAX_ORDER 8
#define OK 0

static int failures = 0;

#define CHECK(condition)                                                            \
  do {                                                                              \
    if (!(condition)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      failures++;                                                                   \
    }                                                                               \
  } while (0)

/* A circuit matrix with its dense copy (1-based, as ngspice numbers equations). */
typedef struct {
  SMPmatrix* matrix;
  int order;
  double re[MAX_ORDER + 1][MAX_ORDER + 1];
  double im[MAX_ORDER + 1][MAX_ORDER + 1];
  double* element[MAX_ORDER + 1][MAX_ORDER + 1];
} circuit;

static void stamp(circuit* c, int row, int col, double re, double im) {
  if (!c->element[row][col]) c->element[row][col] = SMPmakeElt(c->matrix, row, col);
  c->element[row][col][0] += re;
  c->element[row][col][1] += im;
  if (row > 0 && col > 0) {
    c->re[row][col] += re;
    c->im[row][col] += im;
  }
}

static void clear(circuit* c) {
  SMPclear(c->matrix);
  memset(c->re, 0, sizeof c->re);
  memset(c->im, 0, sizeof c->im);
}

/* A conductance g between nodes a and b (0: ground), with a susceptance for AC. */
static void conductance(circuit* c, int a, int b, double g, double b_im) {
  stamp(c, a, a, g, b_im);
  stamp(c, b, b, g, b_im);
  stamp(c, a, b, -g, -b_im);
  stamp(c, b, a, -g, -b_im);
}

/* A voltage source between node a and ground with branch equation k: a zero diagonal. */
static void voltage_source(circuit* c, int a, int k) {
  stamp(c, a, k, 1, 0);
  stamp(c, k, a, 1, 0);
}

/* The largest |(op(A) x - b)_i| / (|op(A)| |x| + |b|)_i over the equations in use. */
static double residual(const circuit* c, int transpose, const double* x, const double* xi,
                       const double* b, const double* bi) {
  double worst = 0;
  for (int i = 1; i <= c->order; i++) {
    double sum = 0, sumi = 0, scale = fabs(b[i]) + (bi ? fabs(bi[i]) : 0);
    for (int j = 1; j <= c->order; j++) {
      double are = transpose ? c->re[j][i] : c->re[i][j];
      double aim = transpose ? c->im[j][i] : c->im[i][j];
      if (xi) {
        sum += are * x[j] - aim * xi[j];
        sumi += are * xi[j] + aim * x[j];
        scale += (fabs(are) + fabs(aim)) * (fabs(x[j]) + fabs(xi[j]));
      } else {
        sum += are * x[j];
        scale += fabs(are) * fabs(x[j]);
      }
    }
    sum -= b[i];
    if (bi) sumi -= bi[i];
    double r = (fabs(sum) + fabs(sumi)) / (scale > 0 ? scale : 1);
    if (r > worst) worst = r;
  }
  return worst;
}

/* A ladder: node 1 driven by a source (branch 5), resistors 1-2, 2-3, 3-4, each node to
 * ground, a capacitor (susceptance) on node 3, a transconductance from node 2 into node 4. */
static void load_ladder(circuit* c, double scale) {
  clear(c);
  voltage_source(c, 1, 5);
  conductance(c, 1, 2, 1e-3 * scale, 0);
  conductance(c, 2, 3, 2e-3, 0);
  conductance(c, 3, 4, 5e-4, 0);
  conductance(c, 2, 0, 1e-4, 0);
  conductance(c, 3, 0, 1e-5, 2e-4);
  conductance(c, 4, 0, 3e-4, 0);
  stamp(c, 4, 2, 1e-3, 0); /* a transconductance: A is not symmetric */
}

static void test_real_and_complex_solves(void) {
  circuit c;
  memset(&c, 0, sizeof c);
  CHECK(SMPnewMatrix(&c.matrix, 0) == OK);
  c.order = 5;
  load_ladder(&c, 1);
  CHECK(SMPmatSize(c.matrix) == 5);
  CHECK(SMPoriginalCount(c.matrix) == 13);
  CHECK(strncmp(SMPsolverName(), "Lupine ", 7) == 0);
  CHECK(SMPpreOrder(c.matrix) == OK);
  CHECK(SMPreorder(c.matrix, 1e-13, 1e-3, 0) == OK);

  double b[6] = {0, 0, 0, 0, 1e-3, 1.5}, x[6];
  memcpy(x, b, sizeof x);
  x[0] = 123; /* ground: left alone */
  SMPsolve(c.matrix, x, NULL);
  CHECK(residual(&c, 0, x, NULL, b, NULL) < 1e-14);
  CHECK(fabs(x[1] - 1.5) < 1e-12); /* the source's node */
  CHECK(x[0] == 123);

  /* A Newton step: new values through the same pointers, a refactor reusing the pivots. */
  for (int step = 2; step <= 4; step++) {
    load_ladder(&c, step);
    CHECK(SMPluFac(c.matrix, 1e-13, 0) == OK);
    memcpy(x, b, sizeof x);
    SMPsolve(c.matrix, x, NULL);
    CHECK(residual(&c, 0, x, NULL, b, NULL) < 1e-14);
  }

  /* AC: the same matrix, complex, A x = b and the adjoint-free transpose of noise. */
  double bi[6] = {0, 0.5, 0, -0.25, 0, 0.1}, xi[6];
  load_ladder(&c, 1);
  int swaps = 0;
  CHECK(SMPcReorder(c.matrix, 1e-13, 1e-3, &swaps) == OK);
  CHECK(swaps == 1);
  memcpy(x, b, sizeof x);
  memcpy(xi, bi, sizeof xi);
  SMPcSolve(c.matrix, x, xi, NULL, NULL);
  CHECK(residual(&c, 0, x, xi, b, bi) < 1e-14);
  memcpy(x, b, sizeof x);
  memcpy(xi, bi, sizeof xi);
  SMPcaSolve(c.matrix, x, xi, NULL, NULL);
  CHECK(residual(&c, 1, x, xi, b, bi) < 1e-14);
  CHECK(residual(&c, 0, x, xi, b, bi) > 1e-6); /* the matrix is not symmetric */
  load_ladder(&c, 3);
  CHECK(SMPcLUfac(c.matrix, 1e-13) == OK);
  memcpy(x, b, sizeof x);
  memcpy(xi, bi, sizeof xi);
  SMPcSolve(c.matrix, x, xi, NULL, NULL);
  CHECK(residual(&c, 0, x, xi, b, bi) < 1e-14);

  /* SMPmultiply: the dense product. */
  double y[6], yi[6], v[6] = {0, 1, -2, 3, 0.5, 2}, vi[6] = {0, 0.1, 0, -1, 2, 0};
  SMPmultiply(c.matrix, y, v, yi, vi);
  for (int i = 1; i <= 5; i++) {
    double s = 0, si = 0;
    for (int j = 1; j <= 5; j++) {
      s += c.re[i][j] * v[j] - c.im[i][j] * vi[j];
      si += c.re[i][j] * vi[j] + c.im[i][j] * v[j];
    }
    CHECK(fabs(y[i] - s) < 1e-15 && fabs(yi[i] - si) < 1e-15);
  }

  /* Back to a real refactor after the complex ones. */
  load_ladder(&c, 1);
  CHECK(SMPluFac(c.matrix, 1e-13, 0) == OK);
  memcpy(x, b, sizeof x);
  SMPsolve(c.matrix, x, NULL);
  CHECK(residual(&c, 0, x, NULL, b, NULL) < 1e-14);
  CHECK(SMPelementCount(c.matrix) == SMPoriginalCount(c.matrix) + SMPfillinCount(c.matrix));
  SMPdestroy(c.matrix);
}

static void test_gmin(void) {
  circuit c;
  memset(&c, 0, sizeof c);
  CHECK(SMPnewMatrix(&c.matrix, 0) == OK);
  c.order = 5;
  load_ladder(&c, 1);
  CHECK(SMPpreOrder(c.matrix) == OK);
  double gmin = 1e-2;
  CHECK(SMPreorder(c.matrix, 1e-13, 1e-3, gmin) == OK);
  double b[6] = {0, 0, 1e-3, 0, 0, 1.5}, x[6];
  memcpy(x, b, sizeof x);
  SMPsolve(c.matrix, x, NULL);
  /* Gmin is on the diagonal entries that exist: all but the source's branch (5, 5). */
  for (int i = 1; i <= 4; i++) c.re[i][i] += gmin;
  CHECK(residual(&c, 0, x, NULL, b, NULL) < 1e-14);
  /* ... in the factorization only: the devices' elements keep their values. */
  CHECK(c.element[1][1][0] == 1e-3);
  for (int i = 1; i <= 4; i++) c.re[i][i] -= gmin;
  CHECK(SMPluFac(c.matrix, 1e-13, 0) == OK);
  memcpy(x, b, sizeof x);
  SMPsolve(c.matrix, x, NULL);
  CHECK(residual(&c, 0, x, NULL, b, NULL) < 1e-14);
  SMPdestroy(c.matrix);
}

static void test_singular(void) {
  circuit c;
  memset(&c, 0, sizeof c);
  CHECK(SMPnewMatrix(&c.matrix, 0) == OK);
  c.order = 3;
  /* Nodes 2 and 3 joined to each other only (a floating pair): rows 2 and 3 sum to zero. */
  conductance(&c, 1, 0, 1e-3, 0);
  conductance(&c, 2, 3, 1e-3, 0);
  CHECK(SMPpreOrder(c.matrix) == OK);
  CHECK(SMPreorder(c.matrix, 1e-13, 1e-3, 0) == E_SINGULAR);
  int row = -1, col = -1;
  SMPgetError(c.matrix, &col, &row);
  CHECK(row >= 2 && row <= 3);
  CHECK(col >= 2 && col <= 3);
  CHECK(SMPluFac(c.matrix, 1e-13, 0) == E_SINGULAR);
  /* Gmin makes it regular (as ngspice's gmin stepping relies on). */
  CHECK(SMPreorder(c.matrix, 1e-13, 1e-3, 1e-12) == OK);
  SMPgetError(c.matrix, &col, &row);
  CHECK(row == 0 && col == 0);
  SMPdestroy(c.matrix);

  /* Structurally singular: equation 2 appears only as a column. */
  memset(&c, 0, sizeof c);
  CHECK(SMPnewMatrix(&c.matrix, 0) == OK);
  stamp(&c, 1, 1, 1, 0);
  stamp(&c, 1, 2, 1, 0);
  CHECK(SMPpreOrder(c.matrix) == OK);
  CHECK(SMPreorder(c.matrix, 1e-13, 1e-3, 0) == E_SINGULAR);
  SMPgetError(c.matrix, &col, &row);
  CHECK(row >= 1 && row <= 2 && col >= 1 && col <= 2);
  SPcomplex det;
  int exponent = 7;
  CHECK(SMPcDProd(c.matrix, &det, &exponent) == E_SINGULAR);
  SMPdestroy(c.matrix);
}

static void test_growing_pattern_and_unused_indices(void) {
  circuit c;
  memset(&c, 0, sizeof c);
  /* Equation 3 is never used: ngspice sizes its vectors by SMPmatSize. */
  CHECK(SMPnewMatrix(&c.matrix, 4) == OK);
  CHECK(SMPmatSize(c.matrix) == 4);
  c.order = 4;
  conductance(&c, 1, 2, 1, 0);
  conductance(&c, 1, 0, 2, 0);
  conductance(&c, 2, 4, 3, 0);
  conductance(&c, 4, 0, 4, 0);
  CHECK(SMPpreOrder(c.matrix) == OK);
  CHECK(SMPreorder(c.matrix, 1e-13, 1e-3, 0) == OK);
  double b[5] = {0, 1, 2, 99, 3}, x[5];
  memcpy(x, b, sizeof x);
  SMPsolve(c.matrix, x, NULL);
  CHECK(x[3] == 99);
  c.re[3][3] = 1; /* the unused row as the identity, for the residual */
  CHECK(residual(&c, 0, x, NULL, b, NULL) < 1e-14);
  c.re[3][3] = 0;

  /* A new element after the first factorization (pole-zero's SMPcAddCol does this): the
   * next refactor analyzes the grown pattern. */
  conductance(&c, 1, 4, 0.5, 0);
  CHECK(SMPluFac(c.matrix, 1e-13, 0) == OK);
  memcpy(x, b, sizeof x);
  SMPsolve(c.matrix, x, NULL);
  c.re[3][3] = 1;
  CHECK(residual(&c, 0, x, NULL, b, NULL) < 1e-14);
  c.re[3][3] = 0;

  /* The element operations. */
  CHECK((double*)SMPfindElt(c.matrix, 1, 4, 0) == c.element[1][4]);
  CHECK(SMPfindElt(c.matrix, 3, 3, 0) == NULL);
  CHECK(SMPfindElt(c.matrix, 0, 1, 0) == NULL);
  CHECK(SMPaddElt(c.matrix, 2, 2, 7.5) == OK && c.element[2][2][0] == 7.5);
  SMPconstMult(c.matrix, -2);
  CHECK(c.element[2][2][0] == -15);
  int before = SMPoriginalCount(c.matrix);
  double e11 = c.element[1][1][0], e14 = c.element[1][4][0];
  double e41 = c.element[4][1][0], e44 = c.element[4][4][0];
  CHECK(SMPcAddCol(c.matrix, 1, 4) == OK); /* column 1 += column 4: rows 1, 2, 4 exist */
  CHECK(SMPoriginalCount(c.matrix) == before);
  CHECK(c.element[1][1][0] == e11 + e14 && c.element[4][1][0] == e41 + e44);
  CHECK(SMPcAddCol(c.matrix, 3, 4) == OK); /* column 3 is empty: three new elements */
  CHECK(SMPoriginalCount(c.matrix) == before + 3);
  CHECK(((double*)SMPfindElt(c.matrix, 4, 3, 0))[0] == e44);
  CHECK(SMPcZeroCol(c.matrix, 4) == OK && c.element[4][4][0] == 0 && c.element[1][4][0] == 0);
  CHECK(SMPzeroRow(c.matrix, 2) == OK && c.element[2][1][0] == 0 && c.element[2][2][0] == 0);
  SMPdestroy(c.matrix);
}

static void test_determinant(void) {
  circuit c;
  memset(&c, 0, sizeof c);
  CHECK(SMPnewMatrix(&c.matrix, 0) == OK);
  /* [[1e200 + 2e200 i, 3], [1, 4e150]]: det = 4e350 + 8e350 i - 3, past double's range. */
  stamp(&c, 1, 1, 1e200, 2e200);
  stamp(&c, 1, 2, 3, 0);
  stamp(&c, 2, 1, 1, 0);
  stamp(&c, 2, 2, 4e150, 0);
  int swaps;
  CHECK(SMPcReorder(c.matrix, 1e-30, 0.0, &swaps) == OK);
  SPcomplex m;
  int e;
  CHECK(SMPcDProd(c.matrix, &m, &e) == OK);
  double larger = fmax(fabs(m.real), fabs(m.imag));
  CHECK(larger >= 1 && larger < 2);
  /* log2 |det| = log2(sqrt(80) * 1e350) */
  double log2_det = log2(hypot(m.real, m.imag)) + e;
  CHECK(fabs(log2_det - (log2(sqrt(80.0)) + 350 * log2(10.0))) < 1e-9);
  CHECK(fabs(m.imag / m.real - 2) < 1e-12);

  SPcomplex m10;
  int e10;
  CHECK(SMPcProdDiag(c.matrix, &m10, &e10) == OK);
  CHECK(e10 == 350);
  CHECK(fabs(m10.real - 4) < 1e-9 && fabs(m10.imag - 8) < 1e-9);

  /* A real factorization: a negative determinant keeps its sign. */
  SMPclear(c.matrix);
  c.element[1][1][0] = 0;
  c.element[1][2][0] = 2;
  c.element[2][1][0] = 3;
  c.element[2][2][0] = 1; /* det = -6 */
  CHECK(SMPreorder(c.matrix, 1e-13, 1e-3, 0) == OK);
  CHECK(SMPcDProd(c.matrix, &m, &e) == OK);
  CHECK(m.imag == 0 && fabs(ldexp(m.real, e) + 6) < 1e-12);
  SMPdestroy(c.matrix);
}

/* A netlist without equations (ngspice's tests/regression/misc/empty-1.cir). */
static void test_empty(void) {
  SMPmatrix* matrix;
  CHECK(SMPnewMatrix(&matrix, 0) == OK);
  CHECK(SMPmatSize(matrix) == 0);
  CHECK(SMPpreOrder(matrix) == OK);
  CHECK(SMPreorder(matrix, 1e-13, 1e-3, 1e-12) == OK);
  double x[1] = {5}, xi[1] = {6};
  SMPsolve(matrix, x, NULL);
  CHECK(x[0] == 5);
  CHECK(SMPluFac(matrix, 1e-13, 0) == OK);
  int swaps;
  CHECK(SMPcReorder(matrix, 1e-13, 1e-3, &swaps) == OK);
  SMPcSolve(matrix, x, xi, NULL, NULL);
  SMPcaSolve(matrix, x, xi, NULL, NULL);
  CHECK(x[0] == 5 && xi[0] == 6);
  SMPdestroy(matrix);
}

/* NaN in the values or the right-hand side (a device model diverging): a NaN solution, as
 * Sparse's arithmetic gives, for ngspice's convergence test to catch; no singular matrix. */
static void test_not_finite(void) {
  circuit c;
  memset(&c, 0, sizeof c);
  CHECK(SMPnewMatrix(&c.matrix, 0) == OK);
  c.order = 5;
  load_ladder(&c, 1);
  CHECK(SMPpreOrder(c.matrix) == OK);
  CHECK(SMPreorder(c.matrix, 1e-13, 1e-3, 0) == OK);
  double b[6] = {0, 1, 2, 3, 4, 5}, x[6];
  c.element[2][2][0] = NAN;
  CHECK(SMPluFac(c.matrix, 1e-13, 0) == OK);
  memcpy(x, b, sizeof x);
  SMPsolve(c.matrix, x, NULL);
  for (int i = 1; i <= 5; i++) CHECK(isnan(x[i]));
  CHECK(x[0] == 0);
  int row = -1, col = -1;
  SMPgetError(c.matrix, &col, &row);
  CHECK(row == 0 && col == 0);
  /* The next finite load factors and solves as usual. */
  load_ladder(&c, 2);
  CHECK(SMPluFac(c.matrix, 1e-13, 0) == OK);
  memcpy(x, b, sizeof x);
  SMPsolve(c.matrix, x, NULL);
  CHECK(residual(&c, 0, x, NULL, b, NULL) < 1e-14);
  x[3] = INFINITY;
  SMPsolve(c.matrix, x, NULL);
  for (int i = 1; i <= 5; i++) CHECK(isnan(x[i]));
  /* complex */
  c.element[1][5][1] = NAN;
  int swaps;
  CHECK(SMPcReorder(c.matrix, 1e-13, 1e-3, &swaps) == OK);
  double xi[6] = {0};
  memcpy(x, b, sizeof x);
  SMPcSolve(c.matrix, x, xi, NULL, NULL);
  for (int i = 1; i <= 5; i++) CHECK(isnan(x[i]) && isnan(xi[i]));
  SMPdestroy(c.matrix);
}

/* .options pivrel: SMPreorder's PivRel other than the analysis's (a first factorization that
 * pivots twice), and the refactors after it. */
static void test_pivot_threshold(void) {
  circuit c;
  memset(&c, 0, sizeof c);
  CHECK(SMPnewMatrix(&c.matrix, 0) == OK);
  c.order = 5;
  for (int step = 1; step <= 3; step++) {
    load_ladder(&c, step);
    if (step == 1) CHECK(SMPpreOrder(c.matrix) == OK);
    CHECK((step == 2 ? SMPluFac(c.matrix, 1e-13, 0) : SMPreorder(c.matrix, 1e-13, 0.9, 0)) == OK);
    double b[6] = {0, 1, -1, 2, 0.5, 3}, x[6];
    memcpy(x, b, sizeof x);
    SMPsolve(c.matrix, x, NULL);
    CHECK(residual(&c, 0, x, NULL, b, NULL) < 1e-14);
  }
  SMPdestroy(c.matrix);
}

int main(void) {
  test_empty();
  test_pivot_threshold();
  test_not_finite();
  test_real_and_complex_solves();
  test_gmin();
  test_singular();
  test_growing_pattern_and_unused_indices();
  test_determinant();
  if (failures) {
    fprintf(stderr, "test_lupinesmp: %d checks failed\n", failures);
    return 1;
  }
  printf("test_lupinesmp: all checks passed\n");
  return 0;
}
