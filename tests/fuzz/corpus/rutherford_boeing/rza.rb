skew                                                                    SEEDKEY1
             3             1             1             1
RZA                        2             2             1             0
(3I2)           (1I2)           (1E12.4)
 1 2 2
 2
  3.0000E+00
