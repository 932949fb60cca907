//! `twohats login outlook|google` and `twohats logout`: the sign-in flows
//! of `net::auth`, with the client taken from the flags or the config.

use crate::calendar::api::Service;
use crate::cli::{LoginArgs, LogoutArgs, SignInService};
use crate::config::{self, Config};
use crate::net::auth;
use crate::settings::user_config_path;
use anyhow::{anyhow, Result};

fn service(s: SignInService) -> Service {
    match s {
        SignInService::Outlook => Service::Outlook,
        SignInService::Google => Service::Google,
    }
}

pub fn run(args: LoginArgs) -> Result<i32> {
    let service = service(args.service);
    let config = login_config(&args)?;
    let client = crate::net::http::Client::new(crate::net::Options::of(
        config.network.timeout_seconds,
        config.network.max_megabytes,
    ))?;
    let (oauth, refresh) = match service {
        Service::Outlook => {
            let client_id = (args.client_id.clone())
                .or(config.sign_in.outlook_client_id.clone())
                .ok_or_else(|| anyhow!("no client id: give --client-id, or [outlook] client_id in the config (README: registering twohats in Entra ID)"))?;
            let tenant = (args.tenant.clone())
                .or(config.sign_in.outlook_tenant.clone())
                .unwrap_or_else(|| "organizations".to_string());
            // A rule on descriptions needs the event bodies: Calendars.Read.
            let full_read = config.rules.iter().any(|r| r.description.is_some());
            let oauth = auth::microsoft(
                &client_id,
                &tenant,
                full_read,
                config.sign_in.outlook_auth.as_deref(),
            );
            let refresh = match args.browser {
                true => auth::browser(&client, &oauth, service)?,
                false => auth::device_code(&client, &oauth)?,
            };
            (oauth, refresh)
        }
        Service::Google => {
            let file = (args.client_file.as_ref().map(|p| p.to_string_lossy().into_owned()))
                .or(config.sign_in.google_client_file.clone())
                .ok_or_else(|| anyhow!("no OAuth client: give --client-file, or [google] client_file in the config (README: a Desktop-app client in Google Cloud)"))?;
            // A calendar other than the user's own needs calendar.readonly.
            let any_calendar = (config.managers.iter()).any(|m| {
                (m.google.as_ref())
                    .is_some_and(|g| g.calendar.as_deref().is_some_and(|c| c != "primary"))
            });
            let oauth = auth::google(&file, any_calendar, config.sign_in.google_auth.as_deref())?;
            let refresh = auth::browser(&client, &oauth, service)?;
            (oauth, refresh)
        }
    };
    let path = auth::store(service, &oauth, &refresh)?;
    eprintln!(
        "signed in to the {}; the sign-in is kept in {} (readable by you alone)",
        service.name(),
        path.display()
    );
    Ok(0)
}

pub fn logout(args: LogoutArgs) -> Result<i32> {
    let service = service(args.service);
    match auth::forget(service)? {
        Some(path) => eprintln!(
            "signed out of the {}: removed {}",
            service.name(),
            path.display()
        ),
        None => eprintln!("not signed in to the {}: nothing to remove", service.name()),
    }
    Ok(0)
}

/// `--config`, else the user's own config when there is one, else none.
fn login_config(args: &LoginArgs) -> Result<Config> {
    if let Some(path) = &args.config {
        return config::load(path);
    }
    user_config_path().load().map(|(config, ..)| config)
}
