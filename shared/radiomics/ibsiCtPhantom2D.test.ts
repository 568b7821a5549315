/** The IBSI 1 CT phantom (NIfTI), configurations A and B (2D): see main/testing/ibsiCtPhantom.ts. */
import { describeCtPhantomConfigurations } from '../../main/testing/ibsiCtPhantom';

describeCtPhantomConfigurations(['A', 'B']);
