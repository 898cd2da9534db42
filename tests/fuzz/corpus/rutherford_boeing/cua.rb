unsymmetric                                                             SEEDKEY1
             3             1             1             1
CUA                        1             2             1             0
(3I2)           (1I2)           (2E10.3)
 1 1 2
 1
 5.000E-01 2.500E+00
