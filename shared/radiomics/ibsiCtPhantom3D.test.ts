/** The IBSI 1 CT phantom (NIfTI), configurations C, D and E (3D): see main/testing/ibsiCtPhantom.ts. */
import { describeCtPhantomConfigurations } from '../../main/testing/ibsiCtPhantom';

describeCtPhantomConfigurations(['C', 'D', 'E']);
