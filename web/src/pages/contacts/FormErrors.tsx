// Above a form: what failed, in words. Field errors shown next to their controls are only
// summarised; the others (fields without a control here) are listed.
import { ApiError } from '../../api/client';
import { describeError } from '../../components/States';
import { useI18n } from '../../i18n';

export function FormErrors({ error, shown }: { error: unknown; shown: string[] }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error instanceof ApiError && error.fieldErrors.length > 0) {
    const others = error.otherThan(shown);
    return (
      <div className="banner banner-error" role="alert">
        <p>{t('error.fields')}</p>
        {others.length > 0 && <ul>{others.map((f) => <li key={f.field}><code>{f.field}</code>: {f.message}</li>)}</ul>}
      </div>
    );
  }
  return <div className="banner banner-error" role="alert"><p>{describeError(error, t)}</p></div>;
}
