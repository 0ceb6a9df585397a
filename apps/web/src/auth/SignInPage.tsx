import { useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Field, Label, Paragraph, Select } from '@digdir/designsystemet-react';
import { listDevelopmentAccounts, signInForDevelopment, getSignInConfig } from '../api/client';
import type { ApiProblem, SignInConfigDto } from '../api/client';
import type { DevAccounts } from '../api/views';
import { PageHeading } from '../components/PageHeading';
import { Loading } from '../components/Loading';
import { ProblemSummary } from '../components/ProblemSummary';
import { userManager } from './oidc';
import { sessionFromToken, signIn } from './session';
import type { Role } from './session';

export const useSignInConfig = () =>
  useQuery({
    queryKey: ['sign-in-config'],
    queryFn: async () => (await getSignInConfig({ throwOnError: true })).data,
    staleTime: Infinity,
  });

export function SignInPage() {
  const { t } = useTranslation();
  const config = useSignInConfig();
  return (
    <section className="narrow">
      <PageHeading title={t('signIn.title')}>{t('signIn.title')}</PageHeading>
      {config.isPending && <Loading />}
      {config.error && <ProblemSummary problem={config.error as ApiProblem} />}
      {config.data?.mode === 'development' && <DevelopmentSignIn />}
      {config.data?.mode === 'identity-provider' && <ProviderSignIn config={config.data} />}
    </section>
  );
}

function ProviderSignIn({ config }: { readonly config: SignInConfigDto }) {
  const { t } = useTranslation();
  return (
    <>
      <Paragraph>{t('signIn.providerText')}</Paragraph>
      <Button
        onClick={async () => {
          const manager = await userManager({ issuer: config.issuer!, clientId: config.clientId! });
          await manager.signinRedirect();
        }}
      >
        {t('signIn.provider')}
      </Button>
    </>
  );
}

/** Development: choose a role, an organisation and a user of the demo region; the api signs the token. */
function DevelopmentSignIn() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const accounts = useQuery({
    queryKey: ['dev-accounts'],
    queryFn: async () => (await listDevelopmentAccounts()).data as DevAccounts,
    staleTime: Infinity,
  });
  const [role, setRole] = useState<Role>('caseworker');
  const [chosenOrganisation, setOrganisationId] = useState('');
  const [userId, setUserId] = useState('');
  const [systemAdmin, setSystemAdmin] = useState(false);
  const organisations = useMemo(
    () => [...(accounts.data?.organisations ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'sv')),
    [accounts.data],
  );
  const organisationId = chosenOrganisation || (organisations[0]?.organisationId ?? '');
  const organisation = organisations.find((each) => each.organisationId === organisationId);

  const token = useMutation({
    mutationFn: async () => {
      const { data } = await signInForDevelopment({
        body: {
          role,
          organisationIds: organisationId ? [organisationId] : [],
          ...(userId ? { userId } : {}),
          // The whole installation's catalogue (new organisations) is a system admin's.
          ...(role === 'admin' && systemAdmin ? { permissions: ['system_admin' as const] } : {}),
        },
        throwOnError: true,
      });
      return data;
    },
    onSuccess: ({ accessToken }) => {
      // Nothing read for an earlier sign-in may show for this one.
      queryClient.removeQueries({
        predicate: (query) => query.queryKey[0] !== 'dev-accounts' && query.queryKey[0] !== 'sign-in-config',
      });
      signIn(sessionFromToken(accessToken, 'development'));
      const from = (location.state as { from?: string } | null)?.from;
      void navigate(from && from !== '/inloggning' ? from : '/');
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    token.mutate();
  };

  if (accounts.isPending) return <Loading />;
  return (
    <form onSubmit={submit} className="form" noValidate>
      <Alert data-color="info">
        <Paragraph>{t('signIn.development')}</Paragraph>
      </Alert>
      {token.error && <ProblemSummary problem={token.error as ApiProblem} />}
      <Field>
        <Label htmlFor="sign-in-role">{t('signIn.role')}</Label>
        <Select id="sign-in-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {(accounts.data?.roles ?? ['caseworker', 'manager', 'evaluator', 'admin']).map((each) => (
            <Select.Option key={each} value={each}>
              {t(`roles.${each}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <Field>
        <Label htmlFor="sign-in-organisation">{t('signIn.organisation')}</Label>
        <Select
          id="sign-in-organisation"
          value={organisationId}
          onChange={(event) => {
            setOrganisationId(event.target.value);
            setUserId('');
          }}
        >
          {organisations.map((each) => (
            <Select.Option key={each.organisationId} value={each.organisationId}>
              {each.name}
            </Select.Option>
          ))}
        </Select>
      </Field>
      {role === 'caseworker' && organisation && organisation.caseworkers.length > 0 && (
        <Field>
          <Label htmlFor="sign-in-user">{t('signIn.caseworker')}</Label>
          <Select id="sign-in-user" value={userId} onChange={(event) => setUserId(event.target.value)}>
            <Select.Option value="">{t('signIn.caseworkerAny', { role })}</Select.Option>
            {organisation.caseworkers.map((each, index) => (
              <Select.Option key={each.userId} value={each.userId}>
                {`${t('roles.caseworker')} ${index + 1} (${each.userId.slice(0, 8)})`}
              </Select.Option>
            ))}
          </Select>
        </Field>
      )}
      {role === 'admin' && (
        <Checkbox
          label={t('signIn.systemAdmin')}
          checked={systemAdmin}
          onChange={(event) => setSystemAdmin(event.target.checked)}
        />
      )}
      <div>
        <Button type="submit" disabled={token.isPending}>
          {t('signIn.submit')}
        </Button>
      </div>
    </form>
  );
}

/** Where the provider sends the user back: finish the code exchange (PKCE), then go on. */
export function SignInCallback() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const config = useSignInConfig();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    const settings = config.data;
    if (settings?.mode !== 'identity-provider') return;
    void (async () => {
      try {
        const manager = await userManager({ issuer: settings.issuer!, clientId: settings.clientId! });
        const user = await manager.signinRedirectCallback();
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'sign-in-config' });
        signIn(sessionFromToken(user.access_token, 'identity-provider'));
        void navigate('/', { replace: true });
      } catch (error) {
        setProblem(error instanceof Error ? error.message : String(error));
      }
    })();
  }, [config.data, navigate, queryClient]);
  return (
    <section className="narrow">
      <PageHeading title={t('signIn.title')}>{t('signIn.completing')}</PageHeading>
      {problem ? (
        <Alert data-color="danger">
          <Paragraph>{t('errors.generic', { detail: problem })}</Paragraph>
        </Alert>
      ) : (
        <Loading />
      )}
    </section>
  );
}
