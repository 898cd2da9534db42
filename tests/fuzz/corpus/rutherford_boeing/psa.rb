symmetric pattern                                                       SEEDKEY1
             2             1             1             0
PSA                        3             3             3             0
(4I2)           (3I2)           
 1 3 4 4
 1 3 3
