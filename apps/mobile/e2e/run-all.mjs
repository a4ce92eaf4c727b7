// Both browser scenarios of the mobile web export on one stack and one export (`npm run e2e`): the driver's
// shift first, then the customer's ride. Each file also runs alone.
import { customerRide } from './customer-ride.e2e.mjs';
import { driverShift } from './driver-shift.e2e.mjs';
import { runMobileE2e } from './stack.mjs';

await runMobileE2e([driverShift, customerRide]);
