/* Test stand-in for ngspice's ngspice/complex.h: SPcomplex only. */
#ifndef LUPINE_TEST_COMPLEX_H
#define LUPINE_TEST_COMPLEX_H
typedef struct {
  double real;
  double imag;
} SPcomplex;
#endif
