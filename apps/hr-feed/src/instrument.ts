// Loaded first by main.ts, so http, express and pg are instrumented before anything requires them.
import { startTelemetry } from '@itops/shared/telemetry';

export const telemetry = startTelemetry({ serviceName: 'hr-feed' });
