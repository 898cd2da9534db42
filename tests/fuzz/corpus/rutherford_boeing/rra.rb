rectangular                                                             SEEDKEY1
             3             1             1             1
RRA                        3             2             3             0
(3I2)           (3I2)           (3F6.2)
 1 3 4
 1 3 2
  1.00 -2.50  0.00
