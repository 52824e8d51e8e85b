import './work.css';
import { useState } from 'react';
import { rolesOf, type Session } from '../app/session.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { NotificationsInbox } from './NotificationsInbox.tsx';
import { ProjectPipeline } from './ProjectPipeline.tsx';
import { RequestForm } from './RequestForm.tsx';
import { RequestInbox } from './RequestInbox.tsx';
import { TaskBoard } from './TaskBoard.tsx';

/** Roles that answer service requests (src/services/operations/service-requests.ts). */
const ANSWERING_ROLES = ['department_officer', 'park_officer'];
/**
 * Enterprise users and department officers see requests, not plans or projects (catalog.ts visibility
 * gives them none): for them the board and the pipeline would always be empty.
 */
const REQUEST_ONLY_ROLES = ['enterprise_user', 'department_officer'];
const isRequestsOnly = (roles: string[]) =>
  roles.length > 0 && roles.every((r) => REQUEST_ONLY_ROLES.includes(r));

/** Daily work: key tasks, the project pipeline, service requests and the inbox, by what the role does. */
export function WorkPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const roles = rolesOf(session);
  const enterprise = roles.includes('enterprise_user');
  const [filed, setFiled] = useState(0);
  return (
    <div className="work-page">
      <h1>{t('work.title')}</h1>
      <p className="help">{t('work.help')}</p>
      {!isRequestsOnly(roles) && (
        <>
          <section className="panel" aria-labelledby="work-tasks">
            <h2 id="work-tasks">{t('work.tasks.title')}</h2>
            <p className="help">{t('work.tasks.help')}</p>
            <TaskBoard />
          </section>
          <section className="panel" aria-labelledby="work-pipeline">
            <h2 id="work-pipeline">{t('work.pipeline.title')}</h2>
            <p className="help">{t('work.pipeline.help')}</p>
            <ProjectPipeline />
          </section>
        </>
      )}
      {enterprise && (
        <section className="panel" aria-labelledby="work-file">
          <h2 id="work-file">{t('work.requests.fileTitle')}</h2>
          <p className="help">{t('work.requests.fileHelp')}</p>
          <RequestForm onFiled={() => setFiled((n) => n + 1)} />
        </section>
      )}
      <section className="panel" aria-labelledby="work-requests">
        <h2 id="work-requests">{t(enterprise ? 'work.requests.mine' : 'work.requests.title')}</h2>
        <p className="help">{t('work.requests.help')}</p>
        <RequestInbox canAnswer={roles.some((r) => ANSWERING_ROLES.includes(r))} version={filed} />
      </section>
      <section className="panel" aria-labelledby="work-notifications">
        <h2 id="work-notifications">{t('work.notifications.title')}</h2>
        <NotificationsInbox version={filed} />
      </section>
    </div>
  );
}
