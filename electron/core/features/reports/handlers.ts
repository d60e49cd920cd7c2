import type { reportChannels } from '../../../../src/shared/contract';
import type { ReadContext } from '../../context';
import { type HandlerMap, readHandlers } from '../../ipc/handler';
import { type JobControl, runJob } from '../../jobs';
import type { Session } from '../../session';
import { runReadTask } from '../../worker/runReadTask';
import { readSettings } from '../setup/settings';
import { renderSalesReportHtml } from './html';
import { listAudit, listZReports, searchSales } from './lookups';
import type { SalesReport, SalesReportInput } from './salesReport';

type FeatureChannel = keyof typeof reportChannels;

/** The sales report as a job, computed by the read worker on its own connection (off the till's thread). */
function salesReportJob(
  ctx: ReadContext,
  session: Session,
  channel: 'report.sales' | 'report.salesRender',
  input: SalesReportInput & { jobId?: string | undefined },
  then: (report: SalesReport) => SalesReport | { html: string; escposBase64: null } = (report) => report,
) {
  const { from, to, topN } = input;
  return runJob({ jobId: input.jobId, channel, session, cancellable: true, now: ctx.now }, async (job: JobControl) =>
    then(await runReadTask(ctx, { name: 'report.sales', input: { from, to, topN } }, job)),
  );
}

export const reportHandlers = {
  ...readHandlers({
    'report.sales': (ctx, input, session) => salesReportJob(ctx, session, 'report.sales', input) as Promise<SalesReport>,
    'report.salesRender': (ctx, input, session) => {
      const { storeName } = readSettings(ctx);
      return salesReportJob(ctx, session, 'report.salesRender', input, (report) => ({
        html: renderSalesReportHtml(report, storeName),
        escposBase64: null,
      })) as Promise<{ html: string; escposBase64: null }>;
    },
    'sale.search': (ctx, input) => searchSales(ctx, input),
    'shift.zReports': (ctx, input) => listZReports(ctx, input),
    'audit.list': (ctx, input) => listAudit(ctx, input),
  }),
} satisfies HandlerMap<FeatureChannel>;
