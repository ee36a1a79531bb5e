//! Server functions, one module per feature. Thin: resolve the organization on the
//! server, call the store, map errors to [`AppError`](crate::error::AppError).

pub mod accounts;
pub mod overview;

#[cfg(feature = "ssr")]
pub(crate) mod support {
    //! What every server function needs: the server context and the organization.

    use leptos::prelude::use_context;
    use tracing::error;

    use crate::error::AppError;
    use crate::server::ServerCtx;
    use crate::store::Organization;

    /// Logs an internal failure once, with its cause, and returns the opaque error a
    /// user sees.
    pub fn internal(context: &str, err: impl std::fmt::Display) -> AppError {
        error!(error = %err, "{context}");
        AppError::Internal
    }

    /// The server context every render and server function is given.
    pub fn server_ctx() -> Result<ServerCtx, AppError> {
        use_context::<ServerCtx>().ok_or_else(|| internal("server context missing", "not provided"))
    }

    /// Gives a failed server function the HTTP status its error means (server_fn
    /// answers every error with 500 otherwise), so clients and logs can tell a bad
    /// request from a server fault.
    pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(err) = &result {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(err.status());
            }
        }
        result
    }

    /// The server context and the organization this request acts for.
    pub async fn request_org() -> Result<(ServerCtx, Organization), AppError> {
        let ctx = server_ctx()?;
        let org = ctx
            .current_organization()
            .await
            .map_err(|e| internal("resolving the organization", e))?
            .ok_or_else(|| AppError::NotFound("An organization".to_string()))?;
        Ok((ctx, org))
    }
}
