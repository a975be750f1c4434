import { telemetry } from './instrument';
import { Logger } from '@nestjs/common';
import { bootstrapService } from '@itops/shared/service';
import { AppModule } from './app.module';
import { LOCAL_ONLY_PERSON_ID_SECRET, loadHrFeedConfig } from './hr-feed.config';
import { useSnapshotUploadParser } from './snapshots/snapshot-upload.body-parser';

const config = loadHrFeedConfig();

// hr-feed consumes no topics: it only produces hr.employment.v1, through its outbox.
void bootstrapService({
  name: 'hr-feed',
  module: AppModule.register(config),
  port: config.ITOPS_HTTP_PORT,
  telemetry,
  configure: (app) => {
    useSnapshotUploadParser(app);
    if (config.ITOPS_HR_PERSON_ID_SECRET === LOCAL_ONLY_PERSON_ID_SECRET) {
      new Logger('HrFeed').warn('ITOPS_HR_PERSON_ID_SECRET is the local-stack default; set a secret of your own outside the local stack');
    }
  },
});
