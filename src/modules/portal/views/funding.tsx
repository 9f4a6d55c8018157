import { usePage } from '../../../platform/ui/context.js';
import type { ProjectDetail } from '../service.js';

/** The EU emblem: twelve gold stars in a circle on blue, 3:2 (colours and geometry of the official graphic rules). */
export function EuEmblem({ height = 64 }: { height?: number }) {
  const w = 300;
  const h = 200;
  const star = (cx: number, cy: number, r: number) => {
    const pts: string[] = [];
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      const rr = i % 2 === 0 ? r : r * 0.382;
      pts.push(`${(cx + rr * Math.cos(a)).toFixed(2)},${(cy + rr * Math.sin(a)).toFixed(2)}`);
    }
    return pts.join(' ');
  };
  return (
    <svg class="eu-emblem" viewBox={`0 0 ${w} ${h}`} height={height} width={(height * 3) / 2} aria-hidden="true" focusable="false">
      <rect width={w} height={h} fill="#003399" />
      {Array.from({ length: 12 }, (_, i) => {
        const a = (i * Math.PI) / 6;
        return <polygon key={i} fill="#FFCC00" points={star(w / 2 + (h / 3) * Math.sin(a), h / 2 - (h / 3) * Math.cos(a), h / 18)} />;
      })}
    </svg>
  );
}

/**
 * How the project's funding must be shown on every page of the project: for EU grants the emblem with
 * "(Co-)funded by the European Union" and the disclaimer naming the granting authority; otherwise the
 * funder's own statement.
 */
export function FundingStatement({ detail }: { detail: Pick<ProjectDetail, 'project' | 'funder' | 'text'> }) {
  const { t } = usePage();
  const { project, funder } = detail;
  if (funder?.kind === 'eu') {
    const authority = project.grantingAuthority;
    return (
      <section class="funding funding--eu" aria-label={t('portal.funding.label')}>
        <EuEmblem />
        <div>
          <p class="funding__title">{t(project.euFunding === 'co-funded' ? 'portal.funding.euCoFunded' : 'portal.funding.euFunded')}</p>
          <p class="funding__disclaimer">{authority ? t('portal.funding.disclaimerAuthority', { authority }) : t('portal.funding.disclaimer')}</p>
        </div>
      </section>
    );
  }
  const statement = detail.text.value.fundingStatement;
  if (!funder && !statement) return null;
  return (
    <section class="funding" aria-label={t('portal.funding.label')}>
      <p>{statement || t('portal.funding.supportedBy', { funder: funder!.name })}</p>
    </section>
  );
}
